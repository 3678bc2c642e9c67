package dev.mlpipeline.trainer.training;

/**
 * A training job that can never succeed as written, naming the field at fault so the
 * publisher learns what to fix (a {@code 400} over HTTP, a FAILED run over Kafka).
 */
public class InvalidJobException extends RuntimeException {

	private final String field;

	public InvalidJobException(String field, String message) {
		super(message);
		this.field = field;
	}

	public InvalidJobException(String field, String message, Throwable cause) {
		super(message, cause);
		this.field = field;
	}

	/**
	 * The job field at fault, as a JSON path ({@code dataset.uri}, {@code options}).
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

	/**
	 * The reason in one line, field first, as recorded on a failed run.
	 * @return the reason
	 */
	public String reason() {
		return this.field + ": " + getMessage();
	}

}
