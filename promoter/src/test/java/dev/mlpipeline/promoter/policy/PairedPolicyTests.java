package dev.mlpipeline.promoter.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.promoter.comparison.PairedTests;
import dev.mlpipeline.promoter.comparison.TTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The policy on paired evidence: the candidate and the champion scored on the same ten
 * folds (or the same holdout), built by hand.
 */
class PairedPolicyTests {

	private static final double RATIO = 1.0 / 9;

	private final PromotionPolicy policy = new PromotionPolicy();

	private final PolicySettings defaults = settings(null, null, null);

	private final Contender champion = new Contender("1", Map.of("accuracy", 0.90));

	@Test
	void aConsistentGainOnTheSameFoldsPromotesWithItsPValue() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] cand = plus(champ, 0.03, 0.04, 0.02, 0.03, 0.04, 0.02, 0.03, 0.03, 0.04, 0.02);
		Decision decision = decide(this.defaults, candidate(0.93), folds(cand, champ));
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		PromotionDecided.Comparison comparison = decision.comparison();
		TTest test = PairedTests.correctedResampledTTest(cand, champ, RATIO);
		assertThat(comparison.basis()).isEqualTo(PromotionDecided.Comparison.PAIRED_FOLDS);
		assertThat(comparison.difference()).isCloseTo(0.030, within(1e-9));
		assertThat(comparison.pValue()).isEqualTo(test.pValue()).isLessThan(0.05);
		assertThat(comparison.folds()).hasSize(10).first().isEqualTo(new PromotionDecided.FoldPair(0.93, 0.90));
		assertThat(comparison.champion()).isCloseTo(0.90, within(1e-9));
		assertThat(decision.championValue()).isEqualTo(comparison.champion());
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason).startsWith(
				"improvement: pass (accuracy 0.9300 vs champion version 1 0.9000 on the same folds: gain 0.0300,"
						+ " significant (p = ")
			.endsWith(" <= 0.0500, corrected resampled t-test over 10 folds))"));
	}

	@Test
	void theSameMeanGainWithHighFoldVarianceIsNotSignificant() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] cand = plus(champ, 0.15, -0.08, 0.12, -0.06, 0.10, -0.05, 0.09, -0.07, 0.11, -0.01);
		Decision decision = decide(this.defaults, candidate(0.93), folds(cand, champ));
		assertThat(decision).isInstanceOf(Decision.Reject.class);
		assertThat(decision.comparison().difference()).isCloseTo(0.030, within(1e-9));
		assertThat(decision.comparison().pValue()).isGreaterThan(0.05);
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason)
			.startsWith("improvement: fail (accuracy 0.9300 vs champion version 1 0.9000 on the same folds:"
					+ " gain 0.0300 is not significant (p = ")
			.contains(" > 0.0500, corrected resampled t-test over 10 folds"));
	}

	@Test
	void aSignificantButTooSmallGainDoesNotPromote() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] cand = plus(champ, 0.004, 0.005, 0.004, 0.003, 0.004, 0.005, 0.004, 0.003, 0.004, 0.004);
		Decision decision = decide(this.defaults, candidate(0.904), folds(cand, champ));
		assertThat(decision.comparison().pValue()).isLessThan(0.05);
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons())
			.anySatisfy((reason) -> assertThat(reason).contains("gain 0.0040 < required 0.0100 (p = ").contains(")"));
	}

	@Test
	void aTieOnTheSameFoldsNeverPromotes() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		PolicySettings noMargin = new PolicySettings("accuracy", true, 0.8, 0, 0, Map.of(), false, false, 0.05, null,
				null, null, null, 10, null, null);
		Decision decision = decide(noMargin, candidate(0.90), folds(champ.clone(), champ));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason).contains("a tie does not promote"));
	}

	@Test
	void aFasterButWorseModelDoesNotPromote() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] cand = plus(champ, -0.03, -0.04, -0.02, -0.03, -0.04, -0.02, -0.03, -0.03, -0.04, -0.02);
		Map<String, Double> metrics = new HashMap<>(
				Map.of("accuracy", 0.87, "latency_p99_ms", 0.01, "champion.latency_p99_ms", 0.5));
		PolicySettings budget = settings(Duration.ofMillis(1), null, 0.25);
		Decision decision = decide(budget, new Contender("2", metrics), folds(cand, champ));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason)
			.startsWith("improvement: fail (accuracy 0.8700 vs champion version 1 0.9000 on the same folds:"
					+ " worse than the champion on the same data"));
	}

	@Test
	void aBetterModelThatBreaksTheLatencyBudgetDoesNotPromote() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] cand = plus(champ, 0.03, 0.04, 0.02, 0.03, 0.04, 0.02, 0.03, 0.03, 0.04, 0.02);
		Map<String, Double> metrics = Map.of("accuracy", 0.93, "latency_p50_ms", 1.2, "latency_p99_ms", 2.5,
				"model_size_bytes", 80_000_000.0, "heap_bytes", 300_000_000.0, "champion.latency_p50_ms", 0.05,
				"champion.latency_p99_ms", 0.1, "champion.model_size_bytes", 4096.0, "champion.heap_bytes", 20000.0);
		Decision decision = decide(settings(Duration.ofMillis(2), DataSize.ofMegabytes(50), 0.25),
				new Contender("2", metrics), folds(cand, champ));
		assertThat(failedGates(decision)).containsExactly("cost:latency_p99", "cost:model_size",
				"cost:latency_increase");
		assertThat(decision.reasons()).contains("cost:latency_p99: fail (p99 scoring latency 2.5000 ms > 2.0000 ms)",
				"cost:model_size: fail (model file 80000000.0000 bytes > 52428800.0000 bytes)",
				"cost:latency_increase: fail (p99 2.5000 ms vs champion version 1 0.1000 ms in the same job:"
						+ " +2400.0% > +25.0%)");
		assertThat(decision.cost()).isEqualTo(
				new PromotionDecided.Cost(new PromotionDecided.CostFigures(1.2, 2.5, 80_000_000.0, 300_000_000.0),
						new PromotionDecided.CostFigures(0.05, 0.1, 4096.0, 20000.0)));
		Decision withinBudget = decide(settings(Duration.ofMillis(3), DataSize.ofMegabytes(100), null),
				new Contender("2", metrics), folds(cand, champ));
		assertThat(withinBudget).isInstanceOf(Decision.Promote.class);
	}

	@Test
	void aCostBoundWithoutAMeasuredFigureFails() {
		Decision decision = decide(settings(Duration.ofMillis(2), null, 0.25), candidate(0.95), Optional.empty());
		assertThat(failedGates(decision)).containsExactly("cost:latency_p99", "cost:latency_increase");
	}

	@Test
	void withoutPairedFiguresThePolicyComparesUnpairedAndSaysSo() {
		Decision decision = decide(this.defaults, candidate(0.97), Optional.empty());
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		assertThat(decision.comparison().basis()).isEqualTo(PromotionDecided.Comparison.UNPAIRED);
		assertThat(decision.comparison().pValue()).isNull();
		assertThat(decision.reasons())
			.contains("improvement: pass (accuracy 0.9700 vs champion version 1 0.9000 on different data: gain 0.0700;"
					+ " no paired comparison: the candidate's run has no figures of the champion on its data)");
	}

	@Test
	void figuresOfAChampionThatIsNoLongerTheChampionAreNotPaired() {
		double[] champ = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] cand = plus(champ, 0.15, -0.08, 0.12, -0.06, 0.10, -0.05, 0.09, -0.07, 0.11, -0.01);
		Optional<PairedEvaluation> stale = folds(cand, champ).map((p) -> new PairedEvaluation(p.basis(), p.evaluation(),
				"0", "run-0", p.testTrainRatio(), p.folds(), null, null));
		Decision decision = decide(this.defaults, candidate(0.97), stale);
		assertThat(decision.comparison().basis()).isEqualTo(PromotionDecided.Comparison.UNPAIRED);
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason)
			.endsWith("no paired comparison: the run scored version 0, the champion is now version 1)"));
	}

	@Test
	void aChampionScoredOnTheRowsItWasTrainedOnIsSaidToBe() {
		double[] champ = { 0.98, 1.00, 0.96, 0.98, 1.00, 0.98, 0.96, 1.00, 0.98, 0.96 };
		double[] cand = plus(champ, -0.02, -0.04, 0.0, -0.02, -0.06, 0.0, -0.02, -0.04, -0.02, 0.0);
		Optional<PairedEvaluation> seen = folds(cand, champ).map((p) -> new PairedEvaluation(p.basis(), p.evaluation(),
				p.championVersion(), p.championRunId(), p.testTrainRatio(), p.folds(), null, true));
		Decision decision = decide(this.defaults, candidate(0.96), seen);
		assertThat(decision.comparison().championTrainedOnTheseRows()).isTrue();
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason)
			.startsWith("improvement: fail (accuracy 0.9580 vs champion version 1 0.9800 on the same folds, rows the"
					+ " champion was trained on: worse than the champion on the same data (p = "));
	}

	@Test
	void onAPairedHoldoutMcNemarsTestDecides() {
		Map<String, Double> mine = Map.of("accuracy", 0.95);
		Map<String, Double> theirs = Map.of("accuracy", 0.80);
		PairedEvaluation significant = new PairedEvaluation(PairedEvaluation.PAIRED_HOLDOUT, "holdout 0.3, seed 1", "1",
				"run-1", 45.0 / 105, List.of(new PairedEvaluation.Fold(0, 105, 100, mine, theirs)),
				new PairedEvaluation.Holdout(100, 78, 17, 2, 3), null);
		Decision decision = decide(this.defaults, candidate(0.95), Optional.of(significant));
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		assertThat(decision.comparison().basis()).isEqualTo(PromotionDecided.Comparison.PAIRED_HOLDOUT);
		assertThat(decision.comparison().pValue()).isEqualTo(PairedTests.mcnemar(17, 2).pValue());
		assertThat(decision.comparison().candidateOnlyRight()).isEqualTo(17);
		assertThat(decision.reasons()).anySatisfy((reason) -> assertThat(reason)
			.contains("McNemar's test, 17 rows only the candidate and 2 only the champion got right"));
		PairedEvaluation balanced = new PairedEvaluation(PairedEvaluation.PAIRED_HOLDOUT, "holdout 0.3, seed 1", "1",
				"run-1", 45.0 / 105,
				List.of(new PairedEvaluation.Fold(0, 105, 100, Map.of("accuracy", 0.86), Map.of("accuracy", 0.84))),
				new PairedEvaluation.Holdout(100, 78, 8, 6, 8), null);
		assertThat(failedGates(decide(this.defaults, candidate(0.86), Optional.of(balanced))))
			.containsExactly("improvement");
	}

	@Test
	void whenLowerIsBetterTheGainIsTheChampionsValueMinusTheCandidates() {
		double[] champ = { 0.30, 0.32, 0.28, 0.30, 0.31, 0.29, 0.30, 0.33, 0.27, 0.30 };
		double[] cand = plus(champ, -0.05, -0.06, -0.04, -0.05, -0.06, -0.04, -0.05, -0.05, -0.06, -0.04);
		PolicySettings rmse = new PolicySettings("rmse", false, 0.5, 0.01, 0, Map.of(), false, false, 0.05, null, null,
				null, null, 10, null, null);
		Decision decision = this.policy.decide(rmse, new Contender("2", Map.of("rmse", 0.25)),
				Optional.of(new Contender("1", Map.of("rmse", 0.30))), SchemaCheck.compatible(),
				folds(cand, champ, "rmse"));
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		assertThat(decision.comparison().difference()).isCloseTo(0.05, within(1e-9));
	}

	private Decision decide(PolicySettings settings, Contender candidate, Optional<PairedEvaluation> paired) {
		return this.policy.decide(settings, candidate, Optional.of(this.champion), SchemaCheck.compatible(), paired);
	}

	private static PolicySettings settings(Duration maxLatencyP99, DataSize maxModelBytes, Double maxIncrease) {
		return new PolicySettings("accuracy", true, 0.8, 0.01, 0, Map.of(), false, false, 0.05, maxLatencyP99,
				maxModelBytes, maxIncrease, null, 10, null, null);
	}

	private static Contender candidate(double accuracy) {
		return new Contender("2", Map.of("accuracy", accuracy));
	}

	private static Optional<PairedEvaluation> folds(double[] candidate, double[] champion) {
		return folds(candidate, champion, "accuracy");
	}

	private static Optional<PairedEvaluation> folds(double[] candidate, double[] champion, String metric) {
		List<PairedEvaluation.Fold> folds = new ArrayList<>();
		for (int i = 0; i < candidate.length; i++) {
			folds.add(new PairedEvaluation.Fold(i, 135, 15, Map.of(metric, candidate[i]), Map.of(metric, champion[i])));
		}
		return Optional.of(new PairedEvaluation(PairedEvaluation.PAIRED_FOLDS, "10-fold cross-validation, seed 1", "1",
				"run-1", RATIO, folds, null, null));
	}

	private static double[] plus(double[] base, double... gains) {
		double[] sum = new double[base.length];
		for (int i = 0; i < base.length; i++) {
			sum[i] = base[i] + gains[i];
		}
		return sum;
	}

	private static List<String> failedGates(Decision decision) {
		return decision.gates().stream().filter((gate) -> !gate.passed()).map(GateResult::gate).toList();
	}

}
