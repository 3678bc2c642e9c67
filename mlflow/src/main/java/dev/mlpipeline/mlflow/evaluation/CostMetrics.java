package dev.mlpipeline.mlflow.evaluation;

/**
 * The names a trainer records a model's scoring cost under on the candidate's run (the
 * champion's with {@link ChampionScoring#METRIC_PREFIX} in front), shared with the
 * promoter's cost gates.
 */
public final class CostMetrics {

	/** Median scoring time per row, single thread, in milliseconds. */
	public static final String LATENCY_P50_MS = "latency_p50_ms";

	/** 99th percentile scoring time per row, single thread, in milliseconds. */
	public static final String LATENCY_P99_MS = "latency_p99_ms";

	/** Size of the serialized model file in bytes. */
	public static final String MODEL_SIZE_BYTES = "model_size_bytes";

	/** Heap the model's object graph takes once loaded, in bytes. */
	public static final String HEAP_BYTES = "heap_bytes";

	private CostMetrics() {
	}

}
