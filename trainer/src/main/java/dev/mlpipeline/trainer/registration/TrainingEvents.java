package dev.mlpipeline.trainer.registration;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.TrainingFailed;

/**
 * Sends the trainer's outcome events and waits for the broker's acknowledgement, so the
 * job's offset is committed only after its event is on Kafka.
 */
class TrainingEvents {

	private final KafkaTemplate<String, Object> kafka;

	private final Duration timeout;

	TrainingEvents(KafkaTemplate<String, Object> kafka, Duration timeout) {
		this.kafka = kafka;
		this.timeout = timeout;
	}

	void registered(ModelRegistered event) {
		send(Topics.MODEL_REGISTERED, event.modelName(), event);
	}

	void failed(TrainingFailed event) {
		send(Topics.TRAINING_FAILED, event.modelName(), event);
	}

	private void send(String topic, String key, Object event) {
		try {
			this.kafka.send(topic, key, event).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryLaterException("Interrupted while sending to " + topic, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new RetryLaterException("Could not send to " + topic + ": " + ex.getMessage(), ex);
		}
	}

}
