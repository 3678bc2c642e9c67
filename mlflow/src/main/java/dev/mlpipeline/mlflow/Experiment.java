package dev.mlpipeline.mlflow;

/**
 * An MLflow experiment: one per model, holding that model's training runs.
 *
 * @param id the experiment id (a string such as {@code "1"})
 * @param name the unique experiment name
 * @param artifactLocation the root of its runs' artifacts, e.g.
 * {@code mlflow-artifacts:/1}
 */
public record Experiment(String id, String name, String artifactLocation) {
}
