package dev.mlpipeline.promoter.live;

import java.util.Map;
import java.util.TreeMap;

/**
 * A mergeable latency sketch with a bounded relative error, in the manner of DDSketch:
 * each latency falls in the bucket {@code ceil(log(ms) / log(GAMMA))}, so every quantile
 * it answers is within {@value #RELATIVE_ERROR} of the true one, whatever the range, and
 * two sketches merge by adding their counts (windows add up to a rollout's whole span).
 * Latencies at or below {@value #MIN_MS} ms count in bucket 0's lowest value.
 *
 * @param buckets the count of latencies per bucket index
 */
public record LatencySketch(Map<Integer, Long> buckets) {

	/** The relative error of every quantile. */
	public static final double RELATIVE_ERROR = 0.01;

	static final double MIN_MS = 0.001;

	private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);

	private static final double LOG_GAMMA = Math.log(GAMMA);

	private static final LatencySketch EMPTY = new LatencySketch(Map.of());

	public LatencySketch {
		buckets = (buckets != null) ? Map.copyOf(buckets) : Map.of();
	}

	/**
	 * A sketch with nothing in it.
	 * @return the empty sketch
	 */
	public static LatencySketch empty() {
		return EMPTY;
	}

	/**
	 * A sketch of one latency.
	 * @param ms the latency in milliseconds
	 * @return the sketch
	 */
	public static LatencySketch of(double ms) {
		return new LatencySketch(Map.of(index(ms), 1L));
	}

	/**
	 * This sketch and another together.
	 * @param other the other sketch
	 * @return their sum
	 */
	public LatencySketch plus(LatencySketch other) {
		if (other.buckets.isEmpty()) {
			return this;
		}
		if (this.buckets.isEmpty()) {
			return other;
		}
		Map<Integer, Long> sum = new TreeMap<>(this.buckets);
		other.buckets.forEach((index, count) -> sum.merge(index, count, Long::sum));
		return new LatencySketch(sum);
	}

	/**
	 * How many latencies the sketch holds.
	 * @return the count
	 */
	public long count() {
		return this.buckets.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The latency at a quantile, within {@value #RELATIVE_ERROR} of the true value.
	 * @param quantile the quantile, from 0 to 1 (0.99 for the p99)
	 * @return the latency in milliseconds, or {@code NaN} for an empty sketch
	 */
	public double quantile(double quantile) {
		long count = count();
		if (count == 0) {
			return Double.NaN;
		}
		// the rank of the quantile, counted from 0, as DDSketch ranks it
		long rank = (long) Math.floor(quantile * (count - 1));
		long seen = 0;
		for (Map.Entry<Integer, Long> bucket : new TreeMap<>(this.buckets).entrySet()) {
			seen += bucket.getValue();
			if (seen > rank) {
				return value(bucket.getKey());
			}
		}
		throw new IllegalStateException("unreachable: the rank is below the count");
	}

	private static int index(double ms) {
		return (int) Math.ceil(Math.log(Math.max(ms, MIN_MS)) / LOG_GAMMA);
	}

	// the value every latency of a bucket is within the relative error of
	private static double value(int index) {
		return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
	}

}
