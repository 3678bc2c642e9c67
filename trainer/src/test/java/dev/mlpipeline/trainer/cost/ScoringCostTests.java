package dev.mlpipeline.trainer.cost;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.evaluation.CostMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ScoringCostTests {

	final ScoringCost cost = new ScoringCost(0.25, 1.5, 4096, 81920, 2000);

	@Test
	void namesTheCandidatesFourFiguresInOrder() {
		assertThat(this.cost.metrics("")).containsExactly(entry("latency_p50_ms", 0.25), entry("latency_p99_ms", 1.5),
				entry("model_size_bytes", 4096.0), entry("heap_bytes", 81920.0));
	}

	@Test
	void putsThePrefixBeforeEachNameForTheChampion() {
		Map<String, Double> metrics = this.cost.metrics("champion.");
		assertThat(metrics).containsExactly(entry("champion." + CostMetrics.LATENCY_P50_MS, 0.25),
				entry("champion." + CostMetrics.LATENCY_P99_MS, 1.5),
				entry("champion." + CostMetrics.MODEL_SIZE_BYTES, 4096.0),
				entry("champion." + CostMetrics.HEAP_BYTES, 81920.0));
	}

}
