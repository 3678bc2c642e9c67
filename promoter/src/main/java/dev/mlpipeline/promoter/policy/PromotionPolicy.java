package dev.mlpipeline.promoter.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The promotion policy as a pure function (candidate and champion in, decision out), so
 * that every gate can be tested by hand and a restarted promoter decides the same way.
 *
 * <p>
 * Gates, all evaluated so the decision explains each of them: {@code metric} (the
 * candidate has the primary metric), {@code threshold}, one {@code floor:<metric>} per
 * floor, {@code improvement} over the champion (a tie never promotes), {@code schema}
 * (same features and classes as the champion) and {@code order} (a version older than the
 * champion cannot replace it by policy; only a manual promotion or a rollback can).
 */
public final class PromotionPolicy {

	/** Absorbs floating-point noise such as {@code 0.91 - 0.90 = 0.00999...}. */
	private static final double EPSILON = 1e-9;

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
		String metric = settings.metric();
		Optional<Double> candidateValue = candidate.metric(metric);
		Optional<Double> championValue = champion.flatMap((c) -> c.metric(metric));
		List<GateResult> gates = new ArrayList<>();
		gates.add(metricGate(metric, candidateValue));
		gates.add(thresholdGate(settings, candidateValue));
		settings.floors()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((floor) -> gates.add(floorGate(floor.getKey(), floor.getValue(), candidate)));
		gates.add(improvementGate(settings, candidateValue, champion, championValue));
		gates.add(schemaGate(settings, champion, schema));
		gates.add(orderGate(candidate, champion));
		boolean promote = gates.stream().allMatch(GateResult::passed);
		Double cv = candidateValue.orElse(null);
		Double pv = championValue.orElse(null);
		return promote ? new Decision.Promote(metric, cv, pv, gates) : new Decision.Reject(metric, cv, pv, gates);
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
			Optional<Contender> champion, Optional<Double> championValue) {
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
				+ format(current);
		if (Math.abs(gain) <= EPSILON) {
			return GateResult.fail("improvement", compared + ": a tie does not promote");
		}
		if (gain < 0) {
			return GateResult.fail("improvement", compared + ": worse than the champion");
		}
		if (gain < settings.minImprovement() - EPSILON) {
			return GateResult.fail("improvement",
					compared + ": gain " + format(gain) + " < required " + format(settings.minImprovement()));
		}
		if (settings.minRelativeImprovement() > 0 && current != 0) {
			double relative = gain / Math.abs(current);
			if (relative < settings.minRelativeImprovement() - EPSILON) {
				return GateResult.fail("improvement", compared + ": relative gain " + percent(relative) + " < required "
						+ percent(settings.minRelativeImprovement()));
			}
		}
		return GateResult.pass("improvement", compared + ": gain " + format(gain));
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

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.4f", value);
	}

	private static String percent(double value) {
		return String.format(Locale.ROOT, "%.2f%%", value * 100);
	}

}
