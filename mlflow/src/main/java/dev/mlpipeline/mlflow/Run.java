package dev.mlpipeline.mlflow;

import java.util.List;
import java.util.Map;

/**
 * An MLflow run with its data: what a training attempt recorded.
 *
 * @param id the run id
 * @param experimentId the experiment that holds the run
 * @param name the run name
 * @param status the run status
 * @param artifactUri the run's artifact root, e.g.
 * {@code mlflow-artifacts:/1/<run>/artifacts}
 * @param startTime start time in epoch milliseconds
 * @param endTime end time in epoch milliseconds, {@code null} while running
 * @param params the logged parameters
 * @param metrics the latest value of each logged metric
 * @param tags the run tags (including MLflow's {@code mlflow.*} system tags)
 * @param modelOutputs the ids of the LoggedModels the run logged as its outputs (MLflow
 * 3; empty on MLflow 2)
 */
public record Run(String id, String experimentId, String name, RunStatus status, String artifactUri, Long startTime,
		Long endTime, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags,
		List<String> modelOutputs) {

	public Run {
		modelOutputs = (modelOutputs != null) ? List.copyOf(modelOutputs) : List.of();
		params = (params != null) ? Map.copyOf(params) : Map.of();
		metrics = (metrics != null) ? Map.copyOf(metrics) : Map.of();
		tags = (tags != null) ? Map.copyOf(tags) : Map.of();
	}

}
