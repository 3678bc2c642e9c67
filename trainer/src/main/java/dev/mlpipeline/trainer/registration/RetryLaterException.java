package dev.mlpipeline.trainer.registration;

/**
 * The job could not be carried through for a reason that passes (an event not
 * acknowledged by Kafka in time, the trainer shutting down); its record is not committed
 * and is retried, which picks up from MLflow's record of the job.
 */
class RetryLaterException extends RuntimeException {

	RetryLaterException(String message, Throwable cause) {
		super(message, cause);
	}

}
