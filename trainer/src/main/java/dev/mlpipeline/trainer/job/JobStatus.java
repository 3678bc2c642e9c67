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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobStatus(String jobId, String modelName, String status, String runId, String version,
		Map<String, Double> metrics, String reason) {
}
