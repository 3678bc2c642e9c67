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

	private final boolean closesConnection;

	InvalidRequestException(HttpStatus status, String error, String kind, String message, Integer row, String field) {
		this(status, error, kind, message, row, field, false);
	}

	private InvalidRequestException(HttpStatus status, String error, String kind, String message, Integer row,
			String field, boolean closesConnection) {
		super(message, null, false, false);
		this.status = status;
		this.error = error;
		this.kind = kind;
		this.row = row;
		this.field = field;
		this.closesConnection = closesConnection;
	}

	static InvalidRequestException invalid(String kind, String message, Integer row, String field) {
		return new InvalidRequestException(HttpStatus.BAD_REQUEST, "invalid_request", kind, message, row, field);
	}

	static InvalidRequestException malformed(String message) {
		return new InvalidRequestException(HttpStatus.BAD_REQUEST, "malformed_json", "malformed_json", message, null,
				null);
	}

	static InvalidRequestException bodyTooLarge(String message) {
		return new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "body_too_large", message,
				null, null);
	}

	/**
	 * The same refusal, answered with {@code Connection: close}: for a body the server
	 * will not read to its end, so the connection cannot carry another request.
	 * @return the refusal that closes the connection
	 */
	InvalidRequestException closingConnection() {
		return new InvalidRequestException(this.status, this.error, this.kind, getMessage(), this.row, this.field,
				true);
	}

	boolean closesConnection() {
		return this.closesConnection;
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
