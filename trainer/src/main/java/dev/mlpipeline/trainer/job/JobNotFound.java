package dev.mlpipeline.trainer.job;

/**
 * The {@code 404} of {@code GET /jobs/{jobId}} for a job nobody knows.
 *
 * @param message why it is not found, and when it would be
 * @param jobId the job id asked for
 */
record JobNotFound(String message, String jobId) {
}
