package dev.mlpipeline.kafka;

/**
 * The broker did not acknowledge an event in time: a transient failure, retried by the
 * shared error handler until Kafka is back.
 */
public class EventNotSentException extends RuntimeException {

	public EventNotSentException(String message, Throwable cause) {
		super(message, cause);
	}

}
