package dev.mlpipeline.mlflow;

/**
 * Raised when MLflow could not be reached or kept failing transiently (connection
 * refused, timeout, 5xx, 429) after every retry; callers may safely try again later.
 */
public class MlflowUnavailableException extends MlflowException {

	public MlflowUnavailableException(String errorCode, int httpStatus, String message) {
		super(errorCode, httpStatus, message);
	}

	public MlflowUnavailableException(String message, Throwable cause) {
		super(null, 0, message, cause);
	}

}
