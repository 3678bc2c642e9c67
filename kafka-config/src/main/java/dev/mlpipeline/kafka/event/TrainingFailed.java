package dev.mlpipeline.kafka.event;

import java.time.Instant;

/**
 * A training job ended without a registered version.
 *
 * @param eventId unique id of this event
 * @param jobId the job that failed
 * @param modelName registered model name (also the record key)
 * @param reason human-readable cause, naming the field at fault where there is one
 * @param failedAt when the job was given up
 */
public record TrainingFailed(String eventId, String jobId, String modelName, String reason, Instant failedAt) {
}
