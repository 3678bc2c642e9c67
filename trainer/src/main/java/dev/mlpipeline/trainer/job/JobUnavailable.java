package dev.mlpipeline.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A {@code 503}: a dependency (Kafka, MLflow) is down, so the request could not be
 * carried out now; it says which job, and whether retrying is safe.
 *
 * @param message what happened and what to do
 * @param jobId the job the request was about, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobUnavailable(String message, String jobId) {
}
