package dev.mlpipeline.kafka.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A version became the production version of its model; serving replicas swap to it.
 *
 * @param eventId unique id of this event
 * @param modelName registered model name (also the record key, so the compacted topic
 * keeps the latest promotion per model)
 * @param version the new production version
 * @param previousVersion the version it replaced, {@code null} for the first
 * @param runId MLflow run that holds the artifacts
 * @param artifactUri URI of the version's {@code model/} artifact directory
 * @param sha256 SHA-256 of the serialized model file
 * @param cause why the version was promoted
 * @param promotedAt when the registry was updated
 * @param actor who moved production: the operator's user name, or {@code policy};
 * {@code null} when the producer does not say
 */
public record ModelPromoted(String eventId, String modelName, String version, @Nullable String previousVersion,
		String runId, String artifactUri, String sha256, PromotionCause cause, Instant promotedAt,
		@Nullable String actor) {
}
