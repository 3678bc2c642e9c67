package dev.mlpipeline.trainer.job;

/**
 * The answer of {@code POST /jobs}: the job is on Kafka and can be followed at
 * {@code statusUrl}.
 *
 * @param jobId the job's id (the one given, or a new one)
 * @param modelName the model it trains
 * @param status always QUEUED
 * @param statusUrl where {@code GET} reports the job's progress
 */
record JobAccepted(String jobId, String modelName, String status, String statusUrl) {
}
