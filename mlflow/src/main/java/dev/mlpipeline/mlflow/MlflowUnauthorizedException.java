package dev.mlpipeline.mlflow;

/**
 * Raised when MLflow refused the credentials (401/403, {@code UNAUTHENTICATED} or
 * {@code PERMISSION_DENIED}); never retried.
 */
public class MlflowUnauthorizedException extends MlflowException {

	public MlflowUnauthorizedException(String errorCode, int httpStatus, String message) {
		super(errorCode, httpStatus, message);
	}

}
