package dev.mlpipeline.kafka.event;

import java.time.Instant;
import java.util.Map;

/**
 * A trained model was recorded in MLflow and registered as a new model version.
 *
 * @param eventId unique id of this event
 * @param jobId the training job that produced the version
 * @param modelName registered model name (also the record key)
 * @param version registry version, a string as in MLflow
 * @param runId MLflow run that holds the artifacts
 * @param algorithm Weka classifier class name
 * @param metrics evaluation metrics by name ({@code accuracy}, {@code kappa}, ...)
 * @param artifactUri URI of the {@code model/} artifact directory (the version's source)
 * @param sha256 SHA-256 of the serialized model file
 * @param registeredAt when the version became READY
 */
public record ModelRegistered(String eventId, String jobId, String modelName, String version, String runId,
		String algorithm, Map<String, Double> metrics, String artifactUri, String sha256, Instant registeredAt) {
}
