package dev.mlpipeline.promoter.promotion;

/**
 * Raised when an event could not be sent after its registry change was written; the
 * record is not committed, and its redelivery re-emits the recorded decision.
 */
class EventPublishingException extends RuntimeException {

	EventPublishingException(String message, Throwable cause) {
		super(message, cause);
	}

}
