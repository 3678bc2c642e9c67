package dev.mlpipeline.trainer.job;

/**
 * No run in MLflow records the job and this trainer did not publish it recently: answered
 * {@code 404}, not QUEUED, so a mistyped id is not reported as waiting forever.
 */
class JobNotFoundException extends RuntimeException {

	private final String jobId;

	JobNotFoundException(String jobId, String modelName) {
		super("No job '" + jobId + "'" + ((modelName != null) ? " of model '" + modelName + "'" : "")
				+ ": no MLflow run records it and this trainer has not published it recently. A job put on Kafka"
				+ " another way (or through another trainer replica) is found once its training starts.");
		this.jobId = jobId;
	}

	String jobId() {
		return this.jobId;
	}

}
