package dev.mlpipeline.mlflow;

/**
 * Raised when the experiment or registered model being created already exists (MLflow's
 * {@code RESOURCE_ALREADY_EXISTS}, answered with a 400).
 */
public class MlflowAlreadyExistsException extends MlflowException {

	public MlflowAlreadyExistsException(String errorCode, int httpStatus, String message) {
		super(errorCode, httpStatus, message);
	}

}
