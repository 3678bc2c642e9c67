package dev.mlpipeline.trainer.cost;

import java.util.Arrays;

/**
 * The nearest-rank percentile, kept apart so that the one formula every latency figure
 * rests on can be checked on known numbers.
 */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The nearest-rank percentile: the smallest value such that at least {@code percent}
	 * per cent of the values are less than or equal to it, that is the value of rank
	 * {@code ceil(percent / 100 * n)} in ascending order.
	 * @param values the values, in any order; left unchanged
	 * @param percent the percentile, more than 0 and at most 100
	 * @return one of the values
	 */
	static double nearestRank(double[] values, double percent) {
		if (values.length == 0) {
			throw new IllegalArgumentException("a percentile needs at least one value");
		}
		if (!(percent > 0 && percent <= 100)) {
			throw new IllegalArgumentException("percentile must be more than 0 and at most 100, was " + percent);
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		// percent * n first: 7 / 100 * 100 is 7.000000000000001 in doubles
		int rank = (int) Math.ceil(percent * sorted.length / 100);
		return sorted[Math.max(rank, 1) - 1];
	}

}
