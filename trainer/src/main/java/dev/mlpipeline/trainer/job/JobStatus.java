package dev.mlpipeline.trainer.job;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code GET /jobs/{jobId}}.
 *
 * @param jobId the job
 * @param modelName the model it trains
 * @param status QUEUED, RUNNING, REGISTERED or FAILED
 * @param runId the MLflow run that decided the status, when there is one
 * @param version the registered model version, when REGISTERED
 * @param metrics the evaluation metrics, when REGISTERED
 * @param reason why the job failed, when FAILED
 * @param phase where a RUNNING attempt is: {@code loading}, {@code cross-validating},
 * {@code evaluating} (holdout), {@code fitting} or {@code registering}
 * @param progress the fold being cross-validated, while {@code phase} is
 * {@code cross-validating}
 * @param requestedBy who published the job, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobStatus(String jobId, String modelName, String status, String runId, String version,
		Map<String, Double> metrics, String reason, String phase, Progress progress, String requestedBy) {

	JobStatus(String jobId, String modelName, String status, String runId, String version, Map<String, Double> metrics,
			String reason) {
		this(jobId, modelName, status, runId, version, metrics, reason, null, null, null);
	}

	JobStatus by(String user) {
		return new JobStatus(this.jobId, this.modelName, this.status, this.runId, this.version, this.metrics,
				this.reason, this.phase, this.progress, user);
	}

	/**
	 * How far a cross-validation is.
	 *
	 * @param fold the fold being trained and tested, 1-based
	 * @param folds how many folds there are
	 */
	record Progress(int fold, int folds) {
	}

}
