package dev.mlpipeline.promoter.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mlpipeline.promoter.live.LiveGate.Status;
import dev.mlpipeline.promoter.live.LiveVerdict.Outcome;

/**
 * The live promotion decision: given what live traffic showed of a challenger and of the
 * champion over the same span, whether the challenger is promoted, rolled back, or given
 * more time. Nothing is decided before the evidence floor (requests and duration); then
 * any failing gate rolls back, every gate passing promotes, and a rollout still waiting
 * at its time limit rolls back for want of evidence. Pure: no Spring, no Kafka, no clock.
 */
public final class LiveGates {

	private static final double EPSILON = 1e-9;

	private LiveGates() {
	}

	/**
	 * The verdict on a challenger in a rollout.
	 * @param settings the live gates
	 * @param role {@link LiveKey#SHADOW} or {@link LiveKey#CHALLENGER} (a canary)
	 * @param challenger the challenger's stats since the rollout began
	 * @param champion the champion's stats over the same span
	 * @param elapsed how long the rollout has run
	 * @return the verdict
	 */
	public static LiveVerdict rollout(LiveGateSettings settings, String role, LiveStats challenger, LiveStats champion,
			Duration elapsed) {
		boolean shadow = LiveKey.SHADOW.equals(role);
		List<LiveGate> gates = new ArrayList<>();
		LiveGate floor = evidence(settings, challenger, elapsed);
		gates.add(floor);
		if (settings.maxErrorRate() != null) {
			gates.add(shadow ? notForShadow("live:error_rate")
					: errorRate(settings.maxErrorRate(), challenger, champion, "challenger"));
		}
		if (settings.maxLatencyP99() != null) {
			gates.add(shadow ? notForShadow("live:latency_p99") : latencyP99(settings.maxLatencyP99(), challenger));
		}
		if (settings.maxLatencyIncrease() != null) {
			gates.add(shadow ? notForShadow("live:latency_increase")
					: latencyIncrease(settings.maxLatencyIncrease(), challenger, champion));
		}
		if (settings.minAgreement() != null) {
			gates.add(shadow ? agreement(settings.minAgreement(), challenger) : new LiveGate("live:agreement",
					Status.PASS, "a canary answers requests of its own, so no row is compared with the champion"));
		}
		if (settings.minLiveAccuracy() != null) {
			gates.add(accuracy(settings.minLiveAccuracy(), settings.minLabels(), challenger, "challenger"));
		}
		if (settings.minLiveImprovement() != null) {
			gates.add(improvement(settings.minLiveImprovement(), settings.minLabels(), shadow, challenger, champion));
		}
		return verdict(gates, floor, settings, elapsed, Outcome.PROMOTE);
	}

	/**
	 * The verdict on a champion under watch after its promotion: rolled back when its
	 * error rate or live accuracy breaks the gates, else watched on. Never promotes.
	 * @param settings the live gates (only the evidence floor, error rate and accuracy
	 * apply)
	 * @param champion the champion's stats since its promotion
	 * @param elapsed how long it has been watched
	 * @return {@link Outcome#ROLL_BACK} or {@link Outcome#WAIT}
	 */
	public static LiveVerdict watch(LiveGateSettings settings, LiveStats champion, Duration elapsed) {
		List<LiveGate> gates = new ArrayList<>();
		LiveGate floor = evidence(settings, champion, elapsed);
		gates.add(floor);
		if (settings.maxErrorRate() != null) {
			gates.add(errorRate(settings.maxErrorRate(), champion, null, "champion"));
		}
		if (settings.minLiveAccuracy() != null) {
			gates.add(accuracy(settings.minLiveAccuracy(), settings.minLabels(), champion, "champion"));
		}
		boolean failed = floor.status() == Status.PASS
				&& gates.stream().anyMatch((gate) -> gate.status() == Status.FAIL);
		return new LiveVerdict(failed ? Outcome.ROLL_BACK : Outcome.WAIT, gates);
	}

	private static LiveVerdict verdict(List<LiveGate> gates, LiveGate floor, LiveGateSettings settings,
			Duration elapsed, Outcome allPassed) {
		if (floor.status() == Status.PASS) {
			if (gates.stream().anyMatch((gate) -> gate.status() == Status.FAIL)) {
				return new LiveVerdict(Outcome.ROLL_BACK, gates);
			}
			if (gates.stream().allMatch((gate) -> gate.status() == Status.PASS)) {
				return new LiveVerdict(allPassed, gates);
			}
		}
		if (elapsed.compareTo(settings.maxDuration()) >= 0) {
			List<LiveGate> timedOut = new ArrayList<>(gates);
			timedOut.add(new LiveGate("live:max_duration", Status.FAIL, "not enough evidence after " + duration(elapsed)
					+ " (at most " + duration(settings.maxDuration()) + "): "
					+ String.join(", ",
							gates.stream().filter((gate) -> gate.status() == Status.WAIT).map(LiveGate::gate).toList())
					+ " still waiting"));
			return new LiveVerdict(Outcome.ROLL_BACK, timedOut);
		}
		return new LiveVerdict(Outcome.WAIT, gates);
	}

	private static LiveGate evidence(LiveGateSettings settings, LiveStats stats, Duration elapsed) {
		boolean enough = stats.requests() >= settings.minRequests() && elapsed.compareTo(settings.minDuration()) >= 0;
		return new LiveGate("live:evidence", enough ? Status.PASS : Status.WAIT,
				stats.requests() + " requests in " + duration(elapsed) + (enough ? " >= " : ", needs ")
						+ settings.minRequests() + " requests in " + duration(settings.minDuration()));
	}

	private static LiveGate errorRate(double bound, LiveStats stats, LiveStats champion, String who) {
		if (stats.requests() == 0) {
			return new LiveGate("live:error_rate", Status.WAIT, "no answers from the " + who + " yet");
		}
		boolean passed = stats.errorRate() <= bound + EPSILON;
		String theirs = (champion != null && champion.requests() > 0)
				? "; champion " + percent(champion.errorRate()) + " of " + champion.requests() : "";
		return new LiveGate("live:error_rate", passed ? Status.PASS : Status.FAIL,
				who + " " + percent(stats.errorRate()) + " of " + stats.requests() + " answers"
						+ (passed ? " <= " : " > ") + percent(bound) + theirs);
	}

	private static LiveGate latencyP99(Duration bound, LiveStats challenger) {
		if (challenger.latency().count() == 0) {
			return new LiveGate("live:latency_p99", Status.WAIT, "no answers from the challenger yet");
		}
		double p99 = challenger.latency().quantile(0.99);
		double limit = bound.toNanos() / 1e6;
		boolean passed = p99 <= limit + EPSILON;
		return new LiveGate("live:latency_p99", passed ? Status.PASS : Status.FAIL,
				"p99 " + ms(p99) + (passed ? " <= " : " > ") + ms(limit));
	}

	private static LiveGate latencyIncrease(double bound, LiveStats challenger, LiveStats champion) {
		if (challenger.latency().count() == 0 || champion.latency().count() == 0) {
			return new LiveGate("live:latency_increase", Status.WAIT,
					"needs answers from both the challenger and the champion");
		}
		double mine = challenger.latency().quantile(0.99);
		double theirs = champion.latency().quantile(0.99);
		double increase = mine / theirs - 1;
		boolean passed = increase <= bound + EPSILON;
		return new LiveGate("live:latency_increase", passed ? Status.PASS : Status.FAIL,
				"p99 " + ms(mine) + " vs champion " + ms(theirs) + " in the same span: "
						+ String.format(Locale.ROOT, "%+.1f%%", increase * 100) + (passed ? " <= " : " > ")
						+ String.format(Locale.ROOT, "+%.1f%%", bound * 100));
	}

	private static LiveGate agreement(double bound, LiveStats shadow) {
		if (shadow.compared() == 0) {
			return new LiveGate("live:agreement", Status.WAIT, "no row labelled by both the shadow and the champion");
		}
		boolean passed = shadow.agreement() >= bound - EPSILON;
		return new LiveGate("live:agreement", passed ? Status.PASS : Status.FAIL,
				percent(shadow.agreement()) + " of " + shadow.compared()
						+ " rows labelled as the champion labelled them" + (passed ? " >= " : " < ") + percent(bound));
	}

	private static LiveGate accuracy(double bound, long minLabels, LiveStats stats, String who) {
		if (stats.labelled() < minLabels || stats.labelled() == 0) {
			return new LiveGate("live:accuracy", Status.WAIT,
					stats.labelled() + " labelled rows of the " + who + ", needs " + minLabels);
		}
		boolean passed = stats.accuracy() >= bound - EPSILON;
		return new LiveGate("live:accuracy", passed ? Status.PASS : Status.FAIL, who + " " + percent(stats.accuracy())
				+ " of " + stats.labelled() + " labelled rows" + (passed ? " >= " : " < ") + percent(bound));
	}

	private static LiveGate improvement(double bound, long minLabels, boolean shadow, LiveStats challenger,
			LiveStats champion) {
		String gate = "live:improvement";
		if (shadow) {
			// the same rows, scored by both: a paired comparison
			if (challenger.labelled() < minLabels || challenger.labelled() == 0) {
				return new LiveGate(gate, Status.WAIT,
						challenger.labelled() + " labelled rows scored by both, needs " + minLabels);
			}
			double gain = challenger.accuracy() - challenger.championAccuracy();
			boolean passed = gain >= bound - EPSILON;
			return new LiveGate(gate, passed ? Status.PASS : Status.FAIL,
					"shadow " + percent(challenger.accuracy()) + " vs champion "
							+ percent(challenger.championAccuracy()) + " on the same " + challenger.labelled()
							+ " labelled rows (only the shadow right " + challenger.onlyShadowRight()
							+ ", only the champion " + challenger.onlyChampionRight() + "): " + signed(gain)
							+ (passed ? " >= " : " < ") + signed(bound));
		}
		if (challenger.labelled() < Math.max(1, minLabels) || champion.labelled() < Math.max(1, minLabels)) {
			return new LiveGate(gate, Status.WAIT, "labelled rows: challenger " + challenger.labelled() + ", champion "
					+ champion.labelled() + "; each needs " + minLabels);
		}
		double gain = challenger.accuracy() - champion.accuracy();
		boolean passed = gain >= bound - EPSILON;
		return new LiveGate(gate, passed ? Status.PASS : Status.FAIL,
				"challenger " + percent(challenger.accuracy()) + " of " + challenger.labelled() + " vs champion "
						+ percent(champion.accuracy()) + " of " + champion.labelled()
						+ " labelled rows in the same span: " + signed(gain) + (passed ? " >= " : " < ")
						+ signed(bound));
	}

	private static LiveGate notForShadow(String gate) {
		return new LiveGate(gate, Status.PASS, "a shadow answers no request; this gate applies to a canary");
	}

	private static String percent(double share) {
		return String.format(Locale.ROOT, "%.2f%%", share * 100);
	}

	private static String signed(double share) {
		return String.format(Locale.ROOT, "%+.2f points", share * 100);
	}

	private static String ms(double ms) {
		return String.format(Locale.ROOT, "%.2f ms", ms);
	}

	private static String duration(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

}
