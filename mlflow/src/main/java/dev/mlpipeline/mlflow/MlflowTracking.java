package dev.mlpipeline.mlflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Experiments and runs on the MLflow tracking server: what a trainer needs to record a
 * training attempt.
 */
public class MlflowTracking {

	private static final String API = "/api/2.0/mlflow";

	/** MLflow accepts at most 1000 metrics, 100 params and 100 tags in one batch. */
	private static final int MAX_BATCH_METRICS = 1000;

	private static final int MAX_BATCH_PARAMS = 100;

	private static final int MAX_BATCH_TAGS = 100;

	private static final int SEARCH_PAGE_SIZE = 1000;

	private final MlflowConnection connection;

	public MlflowTracking(MlflowConnection connection) {
		this.connection = connection;
	}

	/**
	 * Returns the experiment with this name, creating it when it does not exist yet.
	 * @param name the experiment name
	 * @return the experiment
	 */
	public Experiment getOrCreateExperiment(String name) {
		Optional<Experiment> existing = findExperiment(name);
		if (existing.isPresent()) {
			return existing.get();
		}
		try {
			JsonNode created = this.connection.post(API + "/experiments/create", Map.of("name", name));
			return getExperiment(Wire.text(created, "experiment_id"));
		}
		catch (MlflowAlreadyExistsException ex) {
			return findExperiment(name).orElseThrow(() -> ex);
		}
	}

	/**
	 * Looks an experiment up by name.
	 * @param name the experiment name
	 * @return the experiment, or empty when there is none
	 */
	public Optional<Experiment> findExperiment(String name) {
		try {
			JsonNode answer = this.connection.get(API + "/experiments/get-by-name", Map.of("experiment_name", name));
			return Optional.of(Wire.experiment(answer.path("experiment")));
		}
		catch (MlflowNotFoundException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Reads an experiment by id.
	 * @param experimentId the id
	 * @return the experiment
	 * @throws MlflowNotFoundException when there is none
	 */
	public Experiment getExperiment(String experimentId) {
		JsonNode answer = this.connection.get(API + "/experiments/get", Map.of("experiment_id", experimentId));
		return Wire.experiment(answer.path("experiment"));
	}

	/**
	 * Starts a run.
	 * @param experimentId the experiment to create it in
	 * @param runName the run name, may be {@code null}
	 * @param tags the run tags, may be empty
	 * @return the new run, {@link RunStatus#RUNNING}
	 */
	public Run createRun(String experimentId, String runName, Map<String, String> tags) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("experiment_id", experimentId);
		if (runName != null) {
			body.put("run_name", runName);
		}
		body.put("start_time", System.currentTimeMillis());
		body.put("tags", Wire.toKeyValues(tags));
		return Wire.run(this.connection.post(API + "/runs/create", body).path("run"));
	}

	/**
	 * Logs params, metrics and tags in as few {@code log-batch} calls as MLflow's limits
	 * allow.
	 * @param runId the run
	 * @param params parameters (MLflow refuses to change a logged value)
	 * @param metrics metrics, logged at step 0 with the current time
	 * @param tags tags
	 */
	public void logBatch(String runId, Map<String, String> params, Map<String, Double> metrics,
			Map<String, String> tags) {
		long now = System.currentTimeMillis();
		List<Map<String, Object>> metricList = new ArrayList<>();
		if (metrics != null) {
			metrics.forEach(
					(key, value) -> metricList.add(Map.of("key", key, "value", value, "timestamp", now, "step", 0)));
		}
		List<Map<String, String>> paramList = Wire.toKeyValues(params);
		List<Map<String, String>> tagList = Wire.toKeyValues(tags);
		int m = 0;
		int p = 0;
		int t = 0;
		do {
			List<Map<String, Object>> metricChunk = metricList.subList(m,
					Math.min(metricList.size(), m + MAX_BATCH_METRICS));
			List<Map<String, String>> paramChunk = paramList.subList(p,
					Math.min(paramList.size(), p + MAX_BATCH_PARAMS));
			List<Map<String, String>> tagChunk = tagList.subList(t, Math.min(tagList.size(), t + MAX_BATCH_TAGS));
			m += metricChunk.size();
			p += paramChunk.size();
			t += tagChunk.size();
			if (!metricChunk.isEmpty() || !paramChunk.isEmpty() || !tagChunk.isEmpty()) {
				this.connection.post(API + "/runs/log-batch",
						Map.of("run_id", runId, "metrics", metricChunk, "params", paramChunk, "tags", tagChunk));
			}
		}
		while (m < metricList.size() || p < paramList.size() || t < tagList.size());
	}

	/**
	 * Logs metrics on a run linked to one of its LoggedModels (MLflow 3): they are the
	 * run's metrics and also the model's, shown with it in the experiment's Models tab.
	 * @param runId the run
	 * @param modelId the LoggedModel the metrics describe
	 * @param metrics metrics, logged at step 0 with the current time
	 */
	public void logModelMetrics(String runId, String modelId, Map<String, Double> metrics) {
		long now = System.currentTimeMillis();
		List<Map<String, Object>> metricList = new ArrayList<>();
		metrics.forEach((key, value) -> metricList
			.add(Map.of("key", key, "value", value, "timestamp", now, "step", 0, "model_id", modelId)));
		for (int m = 0; m < metricList.size(); m += MAX_BATCH_METRICS) {
			this.connection.post(API + "/runs/log-batch", Map.of("run_id", runId, "metrics",
					metricList.subList(m, Math.min(metricList.size(), m + MAX_BATCH_METRICS))));
		}
	}

	/**
	 * Records a LoggedModel as an output of a run (MLflow 3), so the run's page links to
	 * it.
	 * @param runId the run
	 * @param modelId the model
	 * @param step the step it was logged at
	 */
	public void logModelOutput(String runId, String modelId, long step) {
		this.connection.post(API + "/runs/outputs",
				Map.of("run_id", runId, "models", List.of(Map.of("model_id", modelId, "step", step))));
	}

	/**
	 * Sets one run tag.
	 * @param runId the run
	 * @param key the tag key
	 * @param value the tag value
	 */
	public void setTag(String runId, String key, String value) {
		this.connection.post(API + "/runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
	}

	/**
	 * Logs series of values, one metric per series, each value at its index as the
	 * {@code step} so the MLflow UI plots the series (per-fold figures, for instance).
	 * @param runId the run
	 * @param series metric name to its values, the first at step 0
	 */
	public void logSeries(String runId, Map<String, List<Double>> series) {
		long now = System.currentTimeMillis();
		List<Map<String, Object>> metricList = new ArrayList<>();
		series.forEach((key, values) -> {
			for (int step = 0; step < values.size(); step++) {
				metricList.add(Map.of("key", key, "value", values.get(step), "timestamp", now, "step", step));
			}
		});
		for (int m = 0; m < metricList.size(); m += MAX_BATCH_METRICS) {
			List<Map<String, Object>> chunk = metricList.subList(m, Math.min(metricList.size(), m + MAX_BATCH_METRICS));
			this.connection.post(API + "/runs/log-batch",
					Map.of("run_id", runId, "metrics", chunk, "params", List.of(), "tags", List.of()));
		}
	}

	/**
	 * Every logged value of one metric of a run, in step order.
	 * @param runId the run
	 * @param key the metric
	 * @return the values, the value at step 0 first; empty when the metric was never
	 * logged
	 */
	public List<Double> metricHistory(String runId, String key) {
		JsonNode answer = this.connection.get(API + "/metrics/get-history",
				Map.of("run_id", runId, "metric_key", key, "max_results", "25000"));
		List<JsonNode> points = new ArrayList<>();
		answer.path("metrics").forEach(points::add);
		points.sort(Comparator.comparingLong((JsonNode point) -> point.path("step").asLong())
			.thenComparingLong((point) -> point.path("timestamp").asLong()));
		return points.stream().map((point) -> point.path("value").asDouble()).toList();
	}

	/**
	 * Reads a run with its params, metrics and tags.
	 * @param runId the run
	 * @return the run
	 * @throws MlflowNotFoundException when there is none
	 */
	public Run getRun(String runId) {
		return Wire.run(this.connection.get(API + "/runs/get", Map.of("run_id", runId)).path("run"));
	}

	/**
	 * Ends a run.
	 * @param runId the run
	 * @param status {@link RunStatus#FINISHED} or {@link RunStatus#FAILED} (or
	 * {@link RunStatus#KILLED})
	 * @return the ended run
	 */
	public Run finishRun(String runId, RunStatus status) {
		if (status == RunStatus.RUNNING || status == RunStatus.SCHEDULED) {
			throw new IllegalArgumentException("A run finishes as FINISHED, FAILED or KILLED, not " + status);
		}
		this.connection.post(API + "/runs/update",
				Map.of("run_id", runId, "status", status.name(), "end_time", System.currentTimeMillis()));
		return getRun(runId);
	}

	/**
	 * Searches runs, following every page.
	 * @param experimentIds the experiments to search
	 * @param filter an MLflow filter string, e.g. {@code tags.job_id = 'x'}, or
	 * {@code null}
	 * @return the matching runs, newest first
	 */
	public List<Run> searchRuns(List<String> experimentIds, String filter) {
		List<Run> runs = new ArrayList<>();
		String pageToken = null;
		do {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("experiment_ids", experimentIds);
			if (filter != null && !filter.isBlank()) {
				body.put("filter", filter);
			}
			body.put("max_results", SEARCH_PAGE_SIZE);
			if (pageToken != null) {
				body.put("page_token", pageToken);
			}
			JsonNode answer = this.connection.post(API + "/runs/search", body);
			JsonNode array = answer.get("runs");
			if (array != null && array.isArray()) {
				array.forEach((run) -> runs.add(Wire.run(run)));
			}
			pageToken = Wire.text(answer, "next_page_token");
		}
		while (pageToken != null && !pageToken.isEmpty());
		return runs;
	}

}
