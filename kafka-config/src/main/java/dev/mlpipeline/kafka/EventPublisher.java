package dev.mlpipeline.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaOperations;

/**
 * Sends an event and waits for the broker's acknowledgement, so a caller inside a
 * listener returns (and its record's offset is committed) only once the event is on
 * Kafka. A send that fails is an {@link EventNotSentException}, which the shared error
 * handler treats as transient: the record is retried until the broker takes the event.
 */
public class EventPublisher {

	private final KafkaOperations<String, Object> kafka;

	private final Duration timeout;

	public EventPublisher(KafkaOperations<String, Object> kafka, Duration timeout) {
		this.kafka = kafka;
		this.timeout = timeout;
	}

	/**
	 * Sends an event and waits for its acknowledgement.
	 * @param topic a catalogue topic ({@link Topics})
	 * @param key the model name the event is about
	 * @param event the event record
	 * @throws EventNotSentException when the broker did not acknowledge in time
	 */
	public void send(String topic, String key, Object event) {
		try {
			this.kafka.send(topic, key, event).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EventNotSentException("Interrupted while sending to " + topic + " for model " + key, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new EventNotSentException("Could not send to " + topic + " for model " + key + " within "
					+ this.timeout.toMillis() + " ms: " + ex.getMessage(), ex);
		}
	}

}
