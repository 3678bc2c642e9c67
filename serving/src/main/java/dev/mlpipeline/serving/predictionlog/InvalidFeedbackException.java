package dev.mlpipeline.serving.predictionlog;

/**
 * Feedback whose shape serving refuses, naming the field (and row) at fault as every
 * other 400 of serving does.
 */
class InvalidFeedbackException extends RuntimeException {

	private final String kind;

	private final Integer row;

	private final String field;

	InvalidFeedbackException(String kind, String message, Integer row, String field) {
		super(message, null, false, false);
		this.kind = kind;
		this.row = row;
		this.field = field;
	}

	String kind() {
		return this.kind;
	}

	Integer row() {
		return this.row;
	}

	String field() {
		return this.field;
	}

}
