package dev.mlpipeline.trainer.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mlpipeline.mlflow.evaluation.CostMetrics;

/**
 * What a model costs to serve, measured the same way for a candidate and its champion so
 * that the promotion policy can put budgets and comparisons on them; named as
 * {@link CostMetrics} names them.
 *
 * @param latencyP50Ms the median time to score one row, in milliseconds
 * @param latencyP99Ms the 99th percentile (nearest rank) of the time to score one row, in
 * milliseconds
 * @param modelBytes the model file's length, in bytes
 * @param heapBytes the heap the freshly loaded classifier's object graph takes, in bytes
 * @param timedRows how many single-row scorings the percentiles are taken over
 */
public record ScoringCost(double latencyP50Ms, double latencyP99Ms, long modelBytes, long heapBytes, int timedRows) {

	/**
	 * The figures as MLflow metrics.
	 * @param prefix put before each name: {@code ""} for the candidate,
	 * {@code "champion."} for the champion
	 * @return latency p50, latency p99, model size and heap, in that order
	 */
	public Map<String, Double> metrics(String prefix) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put(prefix + CostMetrics.LATENCY_P50_MS, this.latencyP50Ms);
		metrics.put(prefix + CostMetrics.LATENCY_P99_MS, this.latencyP99Ms);
		metrics.put(prefix + CostMetrics.MODEL_SIZE_BYTES, (double) this.modelBytes);
		metrics.put(prefix + CostMetrics.HEAP_BYTES, (double) this.heapBytes);
		return Collections.unmodifiableMap(metrics);
	}

}
