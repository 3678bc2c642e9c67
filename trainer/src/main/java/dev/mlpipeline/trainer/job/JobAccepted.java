package dev.mlpipeline.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code POST /jobs}: the job is on Kafka, or was already, and can be
 * followed at {@code statusUrl}.
 *
 * @param jobId the job's id (the one given, or a new one)
 * @param modelName the model it trains
 * @param status QUEUED for a job just published; the job's current status for a duplicate
 * @param statusUrl where {@code GET} reports the job's progress
 * @param duplicate {@code true} when the same job (same id, same body) was published
 * before: nothing is published again, and it is trained once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobAccepted(String jobId, String modelName, String status, String statusUrl, Boolean duplicate) {
}
