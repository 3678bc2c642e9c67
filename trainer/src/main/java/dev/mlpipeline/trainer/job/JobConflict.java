package dev.mlpipeline.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code POST /jobs} when the job id is already taken by a different job:
 * the existing job, so the client can follow it or choose another id.
 *
 * @param message what is wrong
 * @param jobId the job id both share
 * @param modelName the model of the existing job
 * @param runId the MLflow run of the existing job
 * @param status the existing job's status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobConflict(String message, String jobId, String modelName, String runId, String status) {
}
