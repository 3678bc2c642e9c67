package dev.mlpipeline.mlflow;

/**
 * Raised when the requested experiment, run, model, version or artifact does not exist
 * (MLflow's {@code RESOURCE_DOES_NOT_EXIST}).
 */
public class MlflowNotFoundException extends MlflowException {

	public MlflowNotFoundException(String errorCode, int httpStatus, String message) {
		super(errorCode, httpStatus, message);
	}

}
