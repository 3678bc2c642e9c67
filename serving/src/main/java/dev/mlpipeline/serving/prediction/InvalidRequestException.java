package dev.mlpipeline.serving.prediction;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, carrying the status, a stable error code, and the row
 * and field at fault so a client can fix its input without guessing.
 */
class InvalidRequestException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final String kind;

	private final Integer row;

	private final String field;

	InvalidRequestException(HttpStatus status, String error, String kind, String message, Integer row, String field) {
		super(message, null, false, false);
		this.status = status;
		this.error = error;
		this.kind = kind;
		this.row = row;
		this.field = field;
	}

	static InvalidRequestException invalid(String kind, String message, Integer row, String field) {
		return new InvalidRequestException(HttpStatus.BAD_REQUEST, "invalid_request", kind, message, row, field);
	}

	static InvalidRequestException malformed(String message) {
		return new InvalidRequestException(HttpStatus.BAD_REQUEST, "malformed_json", "malformed_json", message, null,
				null);
	}

	HttpStatus status() {
		return this.status;
	}

	String error() {
		return this.error;
	}

	/**
	 * The fine-grained kind, used as the {@code serving.errors} tag.
	 * @return e.g. {@code unknown_feature}
	 */
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
