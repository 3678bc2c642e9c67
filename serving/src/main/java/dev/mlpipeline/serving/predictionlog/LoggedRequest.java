package dev.mlpipeline.serving.predictionlog;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.mlpipeline.serving.model.LoadedModel;

/**
 * One request as the prediction handler hands it to the log: only references to what the
 * request already holds, so logging costs the request nothing; the event is built off the
 * request's path.
 *
 * @param requestId the request's id
 * @param routingKey the key it was routed by
 * @param modelName the model it was for
 * @param version the version that answered, {@code null} when none was loaded
 * @param rows the rows as the request gave them, feature name to JSON value
 * @param classLabels the model's class labels, {@code null} for a numeric class
 * @param distributions the class distribution (or the numeric value at index 0) of each
 * row
 * @param latencyNanos time from the request's arrival to its answer
 * @param errorKind the kind of the error answered, {@code null} for an answer
 */
public record LoggedRequest(String requestId, String routingKey, String modelName, String version,
		List<? extends Iterable<Map.Entry<String, JsonNode>>> rows, List<String> classLabels,
		List<double[]> distributions, long latencyNanos, String errorKind) {

	/**
	 * A request the model answered.
	 * @param requestId the request's id
	 * @param routingKey the key it was routed by
	 * @param model the model that answered
	 * @param rows the rows as given
	 * @param distributions what the model made of each row
	 * @param latencyNanos time to the answer
	 * @return the request to log
	 */
	public static LoggedRequest answered(String requestId, String routingKey, LoadedModel model,
			List<? extends Iterable<Map.Entry<String, JsonNode>>> rows, List<double[]> distributions,
			long latencyNanos) {
		return new LoggedRequest(requestId, routingKey, model.name(), model.version(), rows,
				model.numericClass() ? null : model.classLabels(), distributions, latencyNanos, null);
	}

	/**
	 * A request answered with an error.
	 * @param requestId the request's id
	 * @param routingKey the key it was routed by
	 * @param modelName the model it was for
	 * @param version the version being served, {@code null} when none
	 * @param errorKind the kind of error answered
	 * @param latencyNanos time to the answer
	 * @return the request to log
	 */
	public static LoggedRequest refused(String requestId, String routingKey, String modelName, String version,
			String errorKind, long latencyNanos) {
		return new LoggedRequest(requestId, routingKey, modelName, version, List.of(), null, List.of(), latencyNanos,
				errorKind);
	}

	/**
	 * How many rows the request carries, for the log's row budget.
	 * @return the row count
	 */
	int rowCount() {
		return this.rows.size();
	}

}
