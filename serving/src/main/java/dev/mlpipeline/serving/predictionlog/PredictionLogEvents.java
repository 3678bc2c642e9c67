package dev.mlpipeline.serving.predictionlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import weka.core.Utils;

import dev.mlpipeline.kafka.event.PredictionLogged;

/**
 * Turns a logged request into its {@link PredictionLogged} event, off the request's path:
 * the rows as plain values, and each row's output as the {@code /predict} answer gives it
 * (label and probabilities, or value), whatever the endpoint answered.
 */
final class PredictionLogEvents {

	private PredictionLogEvents() {
	}

	static PredictionLogged of(LoggedRequest request, String eventId, Instant loggedAt) {
		List<Map<String, Object>> rows = new ArrayList<>(request.rows().size());
		for (Iterable<Map.Entry<String, JsonNode>> row : request.rows()) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> field : row) {
				values.put(field.getKey(), plain(field.getValue()));
			}
			rows.add(values);
		}
		List<PredictionLogged.Output> outputs = new ArrayList<>(request.distributions().size());
		for (double[] distribution : request.distributions()) {
			outputs.add(output(distribution, request.classLabels()));
		}
		PredictionLogged.Shadow shadow = null;
		if (request.shadowVersion() != null) {
			List<PredictionLogged.Output> shadowed = new ArrayList<>(request.shadowDistributions().size());
			for (double[] distribution : request.shadowDistributions()) {
				shadowed.add(output(distribution, request.classLabels()));
			}
			shadow = new PredictionLogged.Shadow(request.shadowVersion(), shadowed);
		}
		return new PredictionLogged(eventId, request.modelName(), request.version(),
				(request.role() != null) ? request.role() : PredictionLogged.CHAMPION, request.requestId(),
				request.routingKey(), rows, outputs, request.latencyNanos() / 1_000_000.0, request.errorKind(), shadow,
				loggedAt);
	}

	static PredictionLogged.Output output(double[] distribution, List<String> classLabels) {
		if (classLabels == null) {
			double value = distribution[0];
			return new PredictionLogged.Output(null, null, Utils.isMissingValue(value) ? null : value);
		}
		Map<String, Double> probabilities = new LinkedHashMap<>();
		int best = -1;
		double max = 0;
		for (int i = 0; i < distribution.length; i++) {
			probabilities.put(classLabels.get(i), distribution[i]);
			if (distribution[i] > max) {
				max = distribution[i];
				best = i;
			}
		}
		return new PredictionLogged.Output((best >= 0) ? classLabels.get(best) : null, probabilities, null);
	}

	/**
	 * A row's value as a plain Java value: a row that was scored holds only numbers,
	 * strings, booleans and nulls.
	 */
	private static Object plain(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

}
