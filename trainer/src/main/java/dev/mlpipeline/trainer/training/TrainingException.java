package dev.mlpipeline.trainer.training;

/**
 * Weka failed while training or evaluating a job that passed validation; retrying the
 * same job cannot help, so the job ends FAILED with this message.
 */
public class TrainingException extends RuntimeException {

	public TrainingException(String message, Throwable cause) {
		super(message, cause);
	}

}
