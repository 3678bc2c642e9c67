package dev.mlpipeline.mlflow;

/**
 * Raised when a model version ends in {@code FAILED_REGISTRATION} or does not become
 * {@code READY} in time, so a trainer never announces a version that cannot be served.
 */
public class MlflowRegistrationException extends MlflowException {

	/** Error code used when the version reached {@code FAILED_REGISTRATION}. */
	public static final String FAILED_REGISTRATION = "FAILED_REGISTRATION";

	/** Error code used when the version was still pending when the wait ended. */
	public static final String TIMEOUT = "REGISTRATION_TIMEOUT";

	public MlflowRegistrationException(String errorCode, String message) {
		super(errorCode, 0, message);
	}

}
