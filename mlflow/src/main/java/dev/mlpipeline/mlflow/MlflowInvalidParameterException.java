package dev.mlpipeline.mlflow;

/**
 * Raised when MLflow rejected a request parameter ({@code INVALID_PARAMETER_VALUE} and
 * other 400 answers); never retried.
 */
public class MlflowInvalidParameterException extends MlflowException {

	public MlflowInvalidParameterException(String errorCode, int httpStatus, String message) {
		super(errorCode, httpStatus, message);
	}

}
