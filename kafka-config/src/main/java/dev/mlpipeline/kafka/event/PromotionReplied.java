package dev.mlpipeline.kafka.event;

import java.time.Instant;

/**
 * The answer to a {@link PromotionRequested}, published on {@code promotion-replies} by
 * the replica that applied it, for the replica whose caller waits: the HTTP status and
 * JSON body the caller gets, exactly as the applying replica would have answered it.
 *
 * @param commandId the command answered
 * @param modelName the registered model (also the record key)
 * @param status the HTTP status
 * @param body the JSON body
 * @param repliedAt when the command was applied
 */
public record PromotionReplied(String commandId, String modelName, int status, String body, Instant repliedAt) {
}
