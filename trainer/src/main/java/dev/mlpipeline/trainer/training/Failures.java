package dev.mlpipeline.trainer.training;

/**
 * Weka often throws exceptions without a message; this gives every failure a readable one
 * for a run's {@code failure_reason}.
 */
final class Failures {

	private Failures() {
	}

	static String message(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return failure.getClass().getSimpleName();
		}
		return message.strip().replaceAll("\\s*\\R\\s*", " ");
	}

}
