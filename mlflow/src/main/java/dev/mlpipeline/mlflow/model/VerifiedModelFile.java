package dev.mlpipeline.mlflow.model;

/**
 * A verified model with the bytes of the file it was read from.
 *
 * @param model the verified model
 * @param bytes the model file, which matched the version's SHA-256
 */
public record VerifiedModelFile(VerifiedModel model, byte[] bytes) {
}
