package dev.mlpipeline.promoter.comparison;

/**
 * The result of a corrected resampled t-test, kept whole so that a decision can show the
 * evidence behind its p-value.
 *
 * @param n the number of paired folds
 * @param meanDifference the mean of candidate minus champion over the folds ({@code NaN}
 * when there are no folds)
 * @param stdDevDifference the sample standard deviation of the differences ({@code NaN}
 * with fewer than two folds)
 * @param t the corrected t statistic, positive when the candidate is better; {@code NaN}
 * with fewer than two folds; otherwise {@code 0} when every difference is exactly zero
 * and infinite when the differences are equal and non-zero
 * @param degreesOfFreedom {@code n - 1}, or {@code 0} with no folds
 * @param pValue the two-sided p-value
 * @see PairedTests#correctedResampledTTest(double[], double[], double)
 */
public record TTest(int n, double meanDifference, double stdDevDifference, double t, int degreesOfFreedom,
		double pValue) {

}
