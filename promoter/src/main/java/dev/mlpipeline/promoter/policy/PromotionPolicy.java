package dev.mlpipeline.promoter.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.promoter.comparison.McNemar;
import dev.mlpipeline.promoter.comparison.PairedTests;
import dev.mlpipeline.promoter.comparison.TTest;

/**
 * The promotion policy as a pure function (candidate and champion in, decision out), so
 * that every gate can be tested by hand and a restarted promoter decides the same way.
 *
 * <p>
 * Gates, all evaluated so the decision explains each of them: {@code metric} (the
 * candidate has the primary metric), {@code threshold}, one {@code floor:<metric>} per
 * floor, {@code improvement} over the champion, {@code schema} (same features and classes
 * as the champion), {@code order} (a version older than the champion cannot replace it by
 * policy; only a manual promotion or a rollback can) and the optional {@code cost:*}
 * gates (p99 scoring latency, model size, latency increase over the champion).
 *
 * <p>
 * The improvement gate compares like with like whenever it can: when the trainer scored
 * the current champion on the candidate's own evaluation, the gain is the mean per-fold
 * difference and it must be significant (the corrected resampled t-test over folds,
 * McNemar's test over a holdout); a tie or an insignificant gain never promotes. Without
 * such figures (older runs, a champion the trainer could not score, a champion that
 * changed since) it falls back to comparing each model's own figures, and says so.
 */
public final class PromotionPolicy {

	/** Absorbs floating-point noise such as {@code 0.91 - 0.90 = 0.00999...}. */
	static final double EPSILON = 1e-9;

	private static final String T_TEST = "corrected resampled t-test";

	private static final String MCNEMAR = "McNemar";

	/**
	 * Decides about a candidate.
	 * @param settings the model's policy
	 * @param candidate the version to decide about
	 * @param champion the current production version, empty for the first one
	 * @param schema how the candidate's schema compares with the champion's (ignored
	 * without a champion)
	 * @return {@link Decision.Promote} when every gate passes, else
	 * {@link Decision.Reject}
	 */
	public Decision decide(PolicySettings settings, Contender candidate, Optional<Contender> champion,
			SchemaCheck schema) {
		return decide(settings, candidate, champion, schema, Optional.empty());
	}

	/**
	 * Decides about a candidate, on paired evidence when the trainer recorded it.
	 * @param settings the model's policy
	 * @param candidate the version to decide about, its run's metrics included (the
	 * champion's same-data figures and both models' cost among them)
	 * @param champion the current production version, empty for the first one
	 * @param schema how the candidate's schema compares with the champion's (ignored
	 * without a champion)
	 * @param paired the candidate and the champion scored on the same evaluation, from
	 * the candidate's run; used only when it names the current champion
	 * @return {@link Decision.Promote} when every gate passes, else
	 * {@link Decision.Reject}
	 */
	public Decision decide(PolicySettings settings, Contender candidate, Optional<Contender> champion,
			SchemaCheck schema, Optional<PairedEvaluation> paired) {
		String metric = settings.metric();
		Optional<Double> candidateValue = candidate.metric(metric);
		Optional<PromotionDecided.Comparison> comparison = champion
			.flatMap((c) -> pairedComparison(settings, c, paired));
		Optional<Double> championValue = comparison.map(PromotionDecided.Comparison::champion)
			.or(() -> champion.flatMap((c) -> c.metric(metric)));
		List<GateResult> gates = new ArrayList<>();
		gates.add(metricGate(metric, candidateValue));
		gates.add(thresholdGate(settings, candidateValue));
		settings.floors()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((floor) -> gates.add(floorGate(floor.getKey(), floor.getValue(), candidate)));
		if (comparison.isPresent()) {
			gates.add(pairedImprovementGate(settings, champion.get(), comparison.get()));
		}
		else {
			gates.add(improvementGate(settings, candidateValue, champion, championValue,
					unpairedBecause(champion, paired, metric)));
		}
		gates.add(schemaGate(settings, champion, schema));
		gates.add(orderGate(candidate, champion));
		gates.addAll(CostGates.gates(settings, candidate, champion));
		boolean promote = gates.stream().allMatch(GateResult::passed);
		Double cv = candidateValue.orElse(null);
		Double pv = championValue.orElse(null);
		PromotionDecided.Comparison compared = comparison
			.orElseGet(() -> unpaired(settings, cv, champion.isPresent() ? pv : null, champion.isPresent()));
		PromotionDecided.Cost cost = CostGates.figures(candidate);
		return promote ? new Decision.Promote(metric, cv, pv, compared, cost, gates)
				: new Decision.Reject(metric, cv, pv, compared, cost, gates);
	}

	/**
	 * The paired comparison, when the candidate's run holds figures of the current
	 * champion on the candidate's evaluation for the primary metric.
	 */
	private static Optional<PromotionDecided.Comparison> pairedComparison(PolicySettings settings, Contender champion,
			Optional<PairedEvaluation> paired) {
		if (paired.isEmpty() || !champion.version().equals(paired.get().championVersion())) {
			return Optional.empty();
		}
		PairedEvaluation evaluation = paired.get();
		String metric = settings.metric();
		Optional<PairedEvaluation.Pairs> pairs = evaluation.pairs(metric);
		if (pairs.isEmpty()) {
			return Optional.empty();
		}
		double[] mine = pairs.get().candidate();
		double[] theirs = pairs.get().champion();
		List<PromotionDecided.FoldPair> folds = new ArrayList<>();
		for (int i = 0; i < mine.length; i++) {
			folds.add(new PromotionDecided.FoldPair(mine[i], theirs[i]));
		}
		double sign = settings.greaterIsBetter() ? 1 : -1;
		if (PairedEvaluation.PAIRED_HOLDOUT.equals(evaluation.basis())) {
			if (evaluation.holdout() == null) {
				return Optional.empty();
			}
			McNemar test = PairedTests.mcnemar(evaluation.holdout().candidateOnlyRight(),
					evaluation.holdout().championOnlyRight());
			return Optional.of(new PromotionDecided.Comparison(PromotionDecided.Comparison.PAIRED_HOLDOUT, metric,
					mine[0], theirs[0], sign * (mine[0] - theirs[0]), test.pValue(), MCNEMAR, folds,
					evaluation.testTrainRatio(), test.candidateOnlyRight(), test.championOnlyRight(),
					evaluation.championTrainedOnTheseRows()));
		}
		TTest test = PairedTests.correctedResampledTTest(mine, theirs, evaluation.testTrainRatio());
		return Optional.of(new PromotionDecided.Comparison(PromotionDecided.Comparison.PAIRED_FOLDS, metric, mean(mine),
				mean(theirs), sign * test.meanDifference(), test.pValue(), T_TEST, folds, evaluation.testTrainRatio(),
				null, null, evaluation.championTrainedOnTheseRows()));
	}

	/** Why a champion's figures are compared unpaired, in words. */
	private static String unpairedBecause(Optional<Contender> champion, Optional<PairedEvaluation> paired,
			String metric) {
		if (champion.isEmpty()) {
			return "";
		}
		if (paired.isEmpty()) {
			return "the candidate's run has no figures of the champion on its data";
		}
		if (!champion.get().version().equals(paired.get().championVersion())) {
			return "the run scored version " + paired.get().championVersion() + ", the champion is now version "
					+ champion.get().version();
		}
		return "the paired figures have no " + metric + " for every fold";
	}

	private static PromotionDecided.Comparison unpaired(PolicySettings settings, Double candidate, Double champion,
			boolean hasChampion) {
		if (!hasChampion) {
			return null;
		}
		Double difference = (candidate != null && champion != null)
				? (settings.greaterIsBetter() ? candidate - champion : champion - candidate) : null;
		return new PromotionDecided.Comparison(PromotionDecided.Comparison.UNPAIRED, settings.metric(), candidate,
				champion, difference, null, null, List.of(), null, null, null, null);
	}

	private GateResult pairedImprovementGate(PolicySettings settings, Contender champion,
			PromotionDecided.Comparison comparison) {
		String metric = settings.metric();
		double gain = comparison.difference();
		String test = PromotionDecided.Comparison.PAIRED_HOLDOUT.equals(comparison.basis())
				? "McNemar's test, " + comparison.candidateOnlyRight() + " rows only the candidate and "
						+ comparison.championOnlyRight() + " only the champion got right"
				: comparison.test() + " over " + comparison.folds().size() + " folds";
		String compared = metric + " " + format(comparison.candidate()) + " vs champion version " + champion.version()
				+ " " + format(comparison.champion()) + " on the same "
				+ (PromotionDecided.Comparison.PAIRED_HOLDOUT.equals(comparison.basis()) ? "holdout" : "folds")
				+ (Boolean.TRUE.equals(comparison.championTrainedOnTheseRows()) ? ", rows the champion was trained on"
						: "");
		String significance = "p = " + pValue(comparison.pValue()) + ", " + test;
		if (Math.abs(gain) <= EPSILON) {
			return GateResult.fail("improvement", compared + ": a tie does not promote (" + significance + ")");
		}
		if (gain < 0) {
			return GateResult.fail("improvement",
					compared + ": worse than the champion on the same data (" + significance + ")");
		}
		if (gain < settings.minImprovement() - EPSILON) {
			return GateResult.fail("improvement", compared + ": gain " + format(gain) + " < required "
					+ format(settings.minImprovement()) + " (" + significance + ")");
		}
		double current = comparison.champion();
		if (settings.minRelativeImprovement() > 0 && current != 0) {
			double relative = gain / Math.abs(current);
			if (relative < settings.minRelativeImprovement() - EPSILON) {
				return GateResult.fail("improvement", compared + ": relative gain " + percent(relative) + " < required "
						+ percent(settings.minRelativeImprovement()) + " (" + significance + ")");
			}
		}
		if (comparison.pValue() > settings.maxPValue()) {
			return GateResult.fail("improvement", compared + ": gain " + format(gain) + " is not significant (p = "
					+ pValue(comparison.pValue()) + " > " + pValue(settings.maxPValue()) + ", " + test + ")");
		}
		return GateResult.pass("improvement", compared + ": gain " + format(gain) + ", significant (p = "
				+ pValue(comparison.pValue()) + " <= " + pValue(settings.maxPValue()) + ", " + test + ")");
	}

	private GateResult metricGate(String metric, Optional<Double> value) {
		return value.map((v) -> GateResult.pass("metric", metric + " = " + format(v)))
			.orElseGet(() -> GateResult.fail("metric", "the candidate has no " + metric + " value"));
	}

	private GateResult thresholdGate(PolicySettings settings, Optional<Double> value) {
		String metric = settings.metric();
		String bound = format(settings.minValue());
		if (value.isEmpty()) {
			return GateResult.fail("threshold", "no " + metric + " value to compare with " + bound);
		}
		double v = value.get();
		if (settings.greaterIsBetter()) {
			boolean passed = v >= settings.minValue() - EPSILON;
			return new GateResult("threshold", passed, metric + " " + format(v) + (passed ? " >= " : " < ") + bound);
		}
		boolean passed = v <= settings.minValue() + EPSILON;
		return new GateResult("threshold", passed, metric + " " + format(v) + (passed ? " <= " : " > ") + bound);
	}

	private GateResult floorGate(String metric, double floor, Contender candidate) {
		String gate = "floor:" + metric;
		return candidate.metric(metric).map((v) -> {
			boolean passed = v >= floor - EPSILON;
			return new GateResult(gate, passed, metric + " " + format(v) + (passed ? " >= " : " < ") + format(floor));
		}).orElseGet(() -> GateResult.fail(gate, "the candidate has no " + metric + " value"));
	}

	private GateResult improvementGate(PolicySettings settings, Optional<Double> candidateValue,
			Optional<Contender> champion, Optional<Double> championValue, String unpairedBecause) {
		String metric = settings.metric();
		if (champion.isEmpty()) {
			return GateResult.pass("improvement", "no champion yet");
		}
		String championVersion = champion.get().version();
		if (championValue.isEmpty()) {
			return GateResult.fail("improvement",
					"champion version " + championVersion + " has no " + metric + " value to compare with");
		}
		if (candidateValue.isEmpty()) {
			return GateResult.fail("improvement", "no " + metric + " value to compare with champion version "
					+ championVersion + " (" + format(championValue.get()) + ")");
		}
		double candidate = candidateValue.get();
		double current = championValue.get();
		double gain = settings.greaterIsBetter() ? candidate - current : current - candidate;
		String compared = metric + " " + format(candidate) + " vs champion version " + championVersion + " "
				+ format(current) + " on different data";
		String unpaired = "; no paired comparison: " + unpairedBecause;
		if (Math.abs(gain) <= EPSILON) {
			return GateResult.fail("improvement", compared + ": a tie does not promote" + unpaired);
		}
		if (gain < 0) {
			return GateResult.fail("improvement", compared + ": worse than the champion" + unpaired);
		}
		if (gain < settings.minImprovement() - EPSILON) {
			return GateResult.fail("improvement", compared + ": gain " + format(gain) + " < required "
					+ format(settings.minImprovement()) + unpaired);
		}
		if (settings.minRelativeImprovement() > 0 && current != 0) {
			double relative = gain / Math.abs(current);
			if (relative < settings.minRelativeImprovement() - EPSILON) {
				return GateResult.fail("improvement", compared + ": relative gain " + percent(relative) + " < required "
						+ percent(settings.minRelativeImprovement()) + unpaired);
			}
		}
		return GateResult.pass("improvement", compared + ": gain " + format(gain) + unpaired);
	}

	private GateResult schemaGate(PolicySettings settings, Optional<Contender> champion, SchemaCheck schema) {
		if (champion.isEmpty()) {
			return GateResult.pass("schema", "no champion to compare with");
		}
		String against = " (champion version " + champion.get().version() + ")";
		return switch (schema.compatibility()) {
			case COMPATIBLE -> GateResult.pass("schema", schema.detail() + against);
			case INCOMPATIBLE -> settings.allowIncompatibleSchema()
					? GateResult.pass("schema", "incompatible, allowed by policy: " + schema.detail() + against)
					: GateResult.fail("schema", "incompatible: " + schema.detail() + against);
			case UNKNOWN -> settings.allowIncompatibleSchema()
					? GateResult.pass("schema", "not checked, allowed by policy: " + schema.detail() + against)
					: GateResult.fail("schema", "cannot check compatibility: " + schema.detail() + against);
		};
	}

	private GateResult orderGate(Contender candidate, Optional<Contender> champion) {
		if (champion.isEmpty()) {
			return GateResult.pass("order", "no champion yet");
		}
		String championVersion = champion.get().version();
		int order = compareVersions(candidate.version(), championVersion);
		if (order == 0) {
			return GateResult.fail("order", "version " + candidate.version() + " is already the champion");
		}
		if (order < 0) {
			return GateResult.fail("order", "version " + candidate.version() + " is older than champion version "
					+ championVersion + "; only a manual promotion or a rollback can put it in production");
		}
		return GateResult.pass("order",
				"version " + candidate.version() + " is newer than champion version " + championVersion);
	}

	/**
	 * Compares registry versions numerically (MLflow versions are increasing integers
	 * written as strings), falling back to text order for anything else.
	 * @param left a version
	 * @param right another version
	 * @return negative, zero or positive as {@code left} is older, the same or newer
	 */
	public static int compareVersions(String left, String right) {
		try {
			return Long.compare(Long.parseLong(left), Long.parseLong(right));
		}
		catch (NumberFormatException ex) {
			return left.compareTo(right);
		}
	}

	static String format(double value) {
		return String.format(Locale.ROOT, "%.4f", value);
	}

	private static String pValue(double value) {
		return (value < 0.0001) ? String.format(Locale.ROOT, "%.1e", value) : String.format(Locale.ROOT, "%.4f", value);
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return sum / values.length;
	}

	private static String percent(double value) {
		return String.format(Locale.ROOT, "%.2f%%", value * 100);
	}

}
