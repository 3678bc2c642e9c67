package dev.mlpipeline.serving.model;

import dev.mlpipeline.serving.rollout.Rollout;

/**
 * The version loaded beside a model's champion, and how it shares the traffic.
 *
 * @param model the loaded challenger
 * @param rollout shadow, or canary with its share
 */
public record Challenger(LoadedModel model, Rollout rollout) {
}
