package dev.mlpipeline.mlflow;

/**
 * Base of every error the MLflow client raises, keeping MLflow's {@code error_code}, the
 * HTTP status and the server's message so callers can log and branch on them.
 */
public class MlflowException extends RuntimeException {

	private final String errorCode;

	private final int httpStatus;

	public MlflowException(String errorCode, int httpStatus, String message) {
		this(errorCode, httpStatus, message, null);
	}

	public MlflowException(String errorCode, int httpStatus, String message, Throwable cause) {
		super(message, cause);
		this.errorCode = errorCode;
		this.httpStatus = httpStatus;
	}

	/**
	 * MLflow's {@code error_code} (for example {@code RESOURCE_DOES_NOT_EXIST}), or
	 * {@code null} when the server answered without one.
	 * @return the error code
	 */
	public String errorCode() {
		return this.errorCode;
	}

	/**
	 * The HTTP status of the answer, or {@code 0} when no answer was received.
	 * @return the HTTP status
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

}
