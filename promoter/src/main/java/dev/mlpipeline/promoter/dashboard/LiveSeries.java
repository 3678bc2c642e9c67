package dev.mlpipeline.promoter.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.mlpipeline.promoter.live.LiveKey;
import dev.mlpipeline.promoter.live.LiveStats;
import dev.mlpipeline.promoter.live.LiveSummary;

/**
 * A model's live stats over time: the span cut into steps aligned to the epoch (the live
 * windows are), each step's stats summed per version and role, one series per version and
 * role with a point for every step it had traffic in.
 */
final class LiveSeries {

	// registry versions are numbers: 9 before 10
	private static final Comparator<Series> ORDER = Comparator
		.comparingInt((Series series) -> series.version().length())
		.thenComparing(Series::version)
		.thenComparing(Series::role);

	private LiveSeries() {
	}

	/**
	 * The series of a span.
	 * @param stats the stats of every version and role over a span (start inclusive, end
	 * inclusive), as {@code LiveStatsQuery.ofModel} sums them
	 * @param from the span's start
	 * @param to the span's end
	 * @param step the length of a point, a multiple of the live window
	 * @return the series, by version then role
	 */
	static List<Series> of(BiFunction<Instant, Instant, Map<LiveKey, LiveStats>> stats, Instant from, Instant to,
			Duration step) {
		if (step.isZero() || step.isNegative()) {
			throw new IllegalArgumentException("A step must be positive, not " + step);
		}
		long stepMillis = step.toMillis();
		Map<LiveKey, List<Point>> points = new LinkedHashMap<>();
		long first = Math.floorDiv(from.toEpochMilli(), stepMillis) * stepMillis;
		for (long start = first; start <= to.toEpochMilli(); start += stepMillis) {
			Instant begins = Instant.ofEpochMilli(start);
			// the end is inclusive: one millisecond before the next step begins
			Instant ends = Instant.ofEpochMilli(start + stepMillis - 1);
			stats.apply(begins, ends).forEach((key, sum) -> {
				if (sum.requests() > 0 || sum.labelled() > 0) {
					points.computeIfAbsent(key, (ignored) -> new ArrayList<>()).add(Point.of(begins, key, sum));
				}
			});
		}
		List<Series> series = new ArrayList<>();
		points.forEach((key, each) -> series.add(new Series(key.version(), key.role(), List.copyOf(each))));
		series.sort(ORDER);
		return series;
	}

	/**
	 * One version in one role over time.
	 *
	 * @param version the version
	 * @param role its role
	 * @param points one per step with traffic, oldest first
	 */
	record Series(String version, String role, List<Point> points) {
	}

	/**
	 * One step of one version in one role.
	 *
	 * @param start when the step began
	 * @param requests requests answered
	 * @param errorRate the share answered with an error
	 * @param latencyP99Ms the p99 latency
	 * @param labelled rows whose true outcome arrived
	 * @param accuracy the share of those predicted right, {@code null} for none
	 */
	record Point(Instant start, long requests, Double errorRate, Double latencyP99Ms, long labelled, Double accuracy) {

		static Point of(Instant start, LiveKey key, LiveStats stats) {
			LiveSummary summary = LiveSummary.of(key, stats);
			return new Point(start, summary.requests(), summary.errorRate(), summary.latencyP99Ms(), summary.labelled(),
					summary.accuracy());
		}

	}

}
