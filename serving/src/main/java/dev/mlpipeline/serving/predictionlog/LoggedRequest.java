package dev.mlpipeline.serving.predictionlog;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.mlpipeline.kafka.event.PredictionLogged;
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
 * @param role {@code champion}, or {@code challenger} for a canary's answer
 * @param shadowVersion the shadow challenger that scored the same rows, {@code null}
 * without one
 * @param shadowDistributions what the shadow made of each row, {@code null} without one
 */
public record LoggedRequest(String requestId, String routingKey, String modelName, String version,
		List<? extends Iterable<Map.Entry<String, JsonNode>>> rows, List<String> classLabels,
		List<double[]> distributions, long latencyNanos, String errorKind, String role, String shadowVersion,
		List<double[]> shadowDistributions) {

	/**
	 * A request the model answered.
	 * @param requestId the request's id
	 * @param routingKey the key it was routed by
	 * @param model the model that answered
	 * @param rows the rows as given
	 * @param distributions what the model made of each row
	 * @param latencyNanos time to the answer
	 * @param role {@code champion} or {@code challenger}
	 * @return the request to log
	 */
	public static LoggedRequest answered(String requestId, String routingKey, LoadedModel model,
			List<? extends Iterable<Map.Entry<String, JsonNode>>> rows, List<double[]> distributions, long latencyNanos,
			String role) {
		return new LoggedRequest(requestId, routingKey, model.name(), model.version(), rows,
				model.numericClass() ? null : model.classLabels(), distributions, latencyNanos, null, role, null, null);
	}

	/**
	 * This request with what its shadow challenger made of the same rows.
	 * @param shadow the shadow's version
	 * @param shadowed the shadow's distribution of each row
	 * @return the request to log
	 */
	public LoggedRequest withShadow(String shadow, List<double[]> shadowed) {
		return new LoggedRequest(this.requestId, this.routingKey, this.modelName, this.version, this.rows,
				this.classLabels, this.distributions, this.latencyNanos, this.errorKind, this.role, shadow, shadowed);
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
				errorKind, PredictionLogged.CHAMPION, null, null);
	}

	/**
	 * How many rows the request carries, for the log's row budget.
	 * @return the row count
	 */
	int rowCount() {
		return this.rows.size();
	}

}
