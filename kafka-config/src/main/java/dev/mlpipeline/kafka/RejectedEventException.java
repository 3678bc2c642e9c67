package dev.mlpipeline.kafka;

/**
 * Thrown by a listener that refuses an event for a business reason (unknown model,
 * inconsistent payload): retrying cannot help, so the record goes straight to its
 * dead-letter topic and the consumer moves on.
 */
public class RejectedEventException extends RuntimeException {

	public RejectedEventException(String message) {
		super(message);
	}

	public RejectedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
