package dev.mlpipeline.promoter.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.evaluation.ChampionScoring;
import dev.mlpipeline.mlflow.evaluation.CostMetrics;

/**
 * The optional cost gates: what the candidate may cost to serve, from the figures the
 * trainer measured in the candidate's job (its own, and the champion's measured the same
 * way on the same rows). Each gate exists only when its bound is set; a bound the
 * candidate has no figure for fails, since an unmeasured cost cannot be shown to fit.
 */
final class CostGates {

	private CostGates() {
	}

	static List<GateResult> gates(PolicySettings settings, Contender candidate, Optional<Contender> champion) {
		List<GateResult> gates = new ArrayList<>();
		if (settings.maxLatencyP99() != null) {
			double bound = settings.maxLatencyP99().toNanos() / 1e6;
			gates.add(atMost("cost:latency_p99", candidate.metric(CostMetrics.LATENCY_P99_MS), bound,
					"p99 scoring latency", " ms"));
		}
		if (settings.maxModelBytes() != null) {
			gates.add(atMost("cost:model_size", candidate.metric(CostMetrics.MODEL_SIZE_BYTES),
					settings.maxModelBytes().toBytes(), "model file", " bytes"));
		}
		if (settings.maxLatencyIncrease() != null) {
			gates.add(latencyIncrease(settings.maxLatencyIncrease(), candidate, champion));
		}
		return gates;
	}

	/**
	 * The cost figures of the candidate's run.
	 * @param candidate the candidate, its run's metrics included
	 * @return the figures, {@code null} when the run has none
	 */
	static PromotionDecided.Cost figures(Contender candidate) {
		PromotionDecided.CostFigures mine = figures(candidate, "");
		if (mine == null) {
			return null;
		}
		return new PromotionDecided.Cost(mine, figures(candidate, ChampionScoring.METRIC_PREFIX));
	}

	private static PromotionDecided.CostFigures figures(Contender candidate, String prefix) {
		Double p50 = candidate.metric(prefix + CostMetrics.LATENCY_P50_MS).orElse(null);
		Double p99 = candidate.metric(prefix + CostMetrics.LATENCY_P99_MS).orElse(null);
		Double bytes = candidate.metric(prefix + CostMetrics.MODEL_SIZE_BYTES).orElse(null);
		Double heap = candidate.metric(prefix + CostMetrics.HEAP_BYTES).orElse(null);
		if (p50 == null && p99 == null && bytes == null && heap == null) {
			return null;
		}
		return new PromotionDecided.CostFigures(p50, p99, bytes, heap);
	}

	private static GateResult atMost(String gate, Optional<Double> value, double bound, String what, String unit) {
		if (value.isEmpty()) {
			return GateResult.fail(gate, "the candidate's " + what + " was not measured; the bound is "
					+ PromotionPolicy.format(bound) + unit);
		}
		boolean passed = value.get() <= bound + PromotionPolicy.EPSILON;
		return new GateResult(gate, passed, what + " " + PromotionPolicy.format(value.get()) + unit
				+ (passed ? " <= " : " > ") + PromotionPolicy.format(bound) + unit);
	}

	private static GateResult latencyIncrease(double maxIncrease, Contender candidate, Optional<Contender> champion) {
		String gate = "cost:latency_increase";
		if (champion.isEmpty()) {
			return GateResult.pass(gate, "no champion yet");
		}
		Optional<Double> mine = candidate.metric(CostMetrics.LATENCY_P99_MS);
		Optional<Double> theirs = candidate.metric(ChampionScoring.championMetric(CostMetrics.LATENCY_P99_MS));
		if (mine.isEmpty() || theirs.isEmpty() || theirs.get() <= 0) {
			return GateResult.fail(gate, "the job did not measure the p99 latency of both the candidate and champion "
					+ "version " + champion.get().version() + " the same way, so the increase is unknown");
		}
		double increase = mine.get() / theirs.get() - 1;
		boolean passed = increase <= maxIncrease + PromotionPolicy.EPSILON;
		return new GateResult(gate, passed,
				"p99 " + PromotionPolicy.format(mine.get()) + " ms vs champion version " + champion.get().version()
						+ " " + PromotionPolicy.format(theirs.get()) + " ms in the same job: "
						+ String.format(Locale.ROOT, "%+.1f%%", increase * 100) + (passed ? " <= " : " > ")
						+ String.format(Locale.ROOT, "+%.1f%%", maxIncrease * 100));
	}

}
