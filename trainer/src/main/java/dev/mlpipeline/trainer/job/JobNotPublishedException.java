package dev.mlpipeline.trainer.job;

/**
 * Kafka did not take a job: {@code POST /jobs} answers {@code 503} with the job id, which
 * the client may retry safely, since a job id already trained is never trained again.
 */
class JobNotPublishedException extends RuntimeException {

	private final String jobId;

	private final boolean givenUp;

	/**
	 * A job Kafka did not take.
	 * @param jobId the job's id
	 * @param givenUp {@code true} when the producer reported the failure itself, so the
	 * record is dropped and will not be delivered later; {@code false} when the wait
	 * ended first
	 * @param message what happened
	 * @param cause the producer's failure
	 */
	JobNotPublishedException(String jobId, boolean givenUp, String message, Throwable cause) {
		super(message, cause);
		this.jobId = jobId;
		this.givenUp = givenUp;
	}

	String jobId() {
		return this.jobId;
	}

	boolean givenUp() {
		return this.givenUp;
	}

}
