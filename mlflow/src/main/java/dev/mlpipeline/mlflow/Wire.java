package dev.mlpipeline.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads MLflow's JSON answers into the module's records, in one place so every service
 * class reads the wire format the same way.
 */
final class Wire {

	private Wire() {
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	static Long number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.asLong() : null;
	}

	static Map<String, String> keyValues(JsonNode array) {
		Map<String, String> map = new LinkedHashMap<>();
		if (array != null && array.isArray()) {
			for (JsonNode item : array) {
				map.put(text(item, "key"), (text(item, "value") != null) ? text(item, "value") : "");
			}
		}
		return map;
	}

	static List<Map<String, String>> toKeyValues(Map<String, String> map) {
		List<Map<String, String>> list = new ArrayList<>();
		if (map != null) {
			map.forEach((key, value) -> list.add(Map.of("key", key, "value", (value != null) ? value : "")));
		}
		return list;
	}

	static Experiment experiment(JsonNode node) {
		return new Experiment(text(node, "experiment_id"), text(node, "name"), text(node, "artifact_location"));
	}

	static Run run(JsonNode node) {
		JsonNode info = node.has("info") ? node.get("info") : node;
		JsonNode data = node.path("data");
		Map<String, Double> metrics = new LinkedHashMap<>();
		JsonNode metricArray = data.get("metrics");
		if (metricArray != null && metricArray.isArray()) {
			for (JsonNode metric : metricArray) {
				metrics.put(text(metric, "key"), metric.path("value").asDouble());
			}
		}
		String runId = (text(info, "run_id") != null) ? text(info, "run_id") : text(info, "run_uuid");
		String status = text(info, "status");
		List<String> modelOutputs = new ArrayList<>();
		for (JsonNode output : node.path("outputs").path("model_outputs")) {
			String modelId = text(output, "model_id");
			if (modelId != null && !modelOutputs.contains(modelId)) {
				modelOutputs.add(modelId);
			}
		}
		return new Run(runId, text(info, "experiment_id"), text(info, "run_name"),
				(status != null) ? RunStatus.valueOf(status) : null, text(info, "artifact_uri"),
				number(info, "start_time"), number(info, "end_time"), keyValues(data.get("params")), metrics,
				keyValues(data.get("tags")), modelOutputs);
	}

	static LoggedModel loggedModel(JsonNode node) {
		JsonNode info = node.path("info");
		JsonNode data = node.path("data");
		Map<String, Double> metrics = new LinkedHashMap<>();
		for (JsonNode metric : data.path("metrics")) {
			metrics.put(text(metric, "key"), metric.path("value").asDouble());
		}
		return new LoggedModel(text(info, "model_id"), text(info, "experiment_id"), text(info, "name"),
				text(info, "artifact_uri"), text(info, "status"), emptyToNull(text(info, "source_run_id")),
				keyValues(data.get("params")), metrics, keyValues(info.get("tags")));
	}

	static ModelVersion modelVersion(JsonNode node) {
		List<String> aliases = new ArrayList<>();
		JsonNode aliasArray = node.get("aliases");
		if (aliasArray != null && aliasArray.isArray()) {
			aliasArray.forEach((alias) -> aliases.add(alias.asString()));
		}
		return new ModelVersion(text(node, "name"), text(node, "version"), emptyToNull(text(node, "run_id")),
				text(node, "source"), text(node, "status"), text(node, "current_stage"), keyValues(node.get("tags")),
				aliases, number(node, "creation_timestamp"), number(node, "last_updated_timestamp"));
	}

	static List<ModelVersion> modelVersions(JsonNode array) {
		List<ModelVersion> versions = new ArrayList<>();
		if (array != null && array.isArray()) {
			array.forEach((item) -> versions.add(modelVersion(item)));
		}
		return versions;
	}

	static RegisteredModel registeredModel(JsonNode node) {
		Map<String, String> aliases = new LinkedHashMap<>();
		JsonNode aliasArray = node.get("aliases");
		if (aliasArray != null && aliasArray.isArray()) {
			aliasArray.forEach((alias) -> aliases.put(text(alias, "alias"), text(alias, "version")));
		}
		return new RegisteredModel(text(node, "name"), aliases, keyValues(node.get("tags")),
				modelVersions(node.get("latest_versions")));
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
