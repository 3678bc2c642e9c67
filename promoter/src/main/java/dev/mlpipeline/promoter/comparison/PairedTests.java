package dev.mlpipeline.promoter.comparison;

import weka.core.Statistics;

/**
 * The two paired significance tests behind the promoter's {@code improvement} gate, so
 * that a candidate is promoted for a difference that fold noise or holdout luck cannot
 * explain, measured on the same data as its champion.
 * <p>
 * The distributions are Weka's ({@link Statistics#FProbability} and
 * {@link Statistics#chiSquaredProbability}), so the t-test's p-value is the one Weka's
 * Experimenter reports for the same folds.
 */
public final class PairedTests {

	/**
	 * Below this many discordant rows McNemar's chi-square approximation is poor and the
	 * exact binomial test is used instead.
	 */
	static final int MCNEMAR_EXACT_BELOW = 25;

	private PairedTests() {
	}

	/**
	 * The corrected resampled t-test of Nadeau and Bengio (2003), computed as Weka's
	 * {@code weka.experiment.PairedCorrectedTTester} does with
	 * {@code weka.experiment.PairedStatsCorrected}: with {@code d_i = candidate_i -
	 * champion_i} over {@code n} paired folds,
	 * {@code t = mean(d) / sqrt((1/n + testTrainRatio) * var(d))} with the sample
	 * variance, {@code n - 1} degrees of freedom and a two-sided p-value. The sign of
	 * {@code t} and {@link TTest#meanDifference()} says which model is better; the
	 * p-value does not.
	 * <p>
	 * Edge conventions, as Weka's:
	 * <ul>
	 * <li>fewer than two folds: {@code p = 1}, with the standard deviation and {@code t}
	 * undefined ({@code NaN});</li>
	 * <li>at least two folds and every difference exactly zero (a tie): {@code p = 1},
	 * {@code t = 0};</li>
	 * <li>at least two folds, zero variance and a non-zero difference (the candidate
	 * better, or worse, by the same amount on every fold): {@code p = 0}, {@code t}
	 * infinite with the sign of the difference.</li>
	 * </ul>
	 * One deliberate departure: for a single non-zero difference Weka's
	 * {@code PairedStatsCorrected} reports {@code p = 0}, because its undefined variance
	 * falls into the zero-variance branch; here it is {@code p = 1} like any other single
	 * fold, which must never look significant to a promotion gate.
	 * @param candidate the candidate's value of the metric on each fold
	 * @param champion the champion's value on the same folds, in the same order
	 * @param testTrainRatio the number of test rows over the number of training rows of
	 * one fold (Weka: total test size over total training size), {@code 1 / (k - 1)} for
	 * k-fold cross-validation; {@code 0} gives the uncorrected paired t-test
	 * @return the test's figures
	 * @throws IllegalArgumentException when the arrays are missing, differ in length,
	 * hold a value that is not finite, or the ratio is negative or not finite
	 */
	public static TTest correctedResampledTTest(double[] candidate, double[] champion, double testTrainRatio) {
		requireFinite("candidate", candidate);
		requireFinite("champion", champion);
		if (candidate.length != champion.length) {
			throw new IllegalArgumentException("candidate has " + candidate.length + " fold values but champion has "
					+ champion.length + ": the folds do not pair");
		}
		if (!Double.isFinite(testTrainRatio) || testTrainRatio < 0) {
			throw new IllegalArgumentException("testTrainRatio must be a finite number >= 0, not " + testTrainRatio);
		}
		int n = candidate.length;
		if (n == 0) {
			return new TTest(0, Double.NaN, Double.NaN, Double.NaN, 0, 1.0);
		}
		double[] differences = new double[n];
		double sum = 0;
		boolean allZero = true;
		for (int i = 0; i < n; i++) {
			differences[i] = candidate[i] - champion[i];
			sum += differences[i];
			allZero &= (differences[i] == 0);
		}
		double mean = sum / n;
		if (n == 1) {
			return new TTest(1, mean, Double.NaN, Double.NaN, 0, 1.0);
		}
		double squares = 0;
		for (double difference : differences) {
			squares += (difference - mean) * (difference - mean);
		}
		double variance = squares / (n - 1);
		int degreesOfFreedom = n - 1;
		double t;
		double p;
		if (variance > 0) {
			t = mean / Math.sqrt((1.0 / n + testTrainRatio) * variance);
			p = Statistics.FProbability(t * t, 1, degreesOfFreedom);
		}
		else if (allZero) {
			t = 0;
			p = 1.0;
		}
		else {
			t = Math.copySign(Double.POSITIVE_INFINITY, mean);
			p = 0.0;
		}
		return new TTest(n, mean, Math.sqrt(variance), t, degreesOfFreedom, p);
	}

	/**
	 * McNemar's test on paired holdout predictions. With {@code b + c < 25} discordant
	 * rows, the exact two-sided binomial test ({@code p = min(1, 2 * P(X <= min(b, c)))},
	 * {@code X ~ Binomial(b + c, 1/2)}); otherwise the continuity-corrected statistic
	 * {@code (|b - c| - 1)^2 / (b + c)} against the chi-square distribution with one
	 * degree of freedom. No discordant row at all gives {@code p = 1}. The p-value is
	 * two-sided: which model is better is {@code b > c}.
	 * @param candidateOnlyRight {@code b}, the rows only the candidate got right
	 * @param championOnlyRight {@code c}, the rows only the champion got right
	 * @return the test's figures
	 * @throws IllegalArgumentException when a count is negative
	 */
	public static McNemar mcnemar(int candidateOnlyRight, int championOnlyRight) {
		if (candidateOnlyRight < 0 || championOnlyRight < 0) {
			throw new IllegalArgumentException("McNemar's counts cannot be negative: candidateOnlyRight "
					+ candidateOnlyRight + ", championOnlyRight " + championOnlyRight);
		}
		long discordant = (long) candidateOnlyRight + championOnlyRight;
		if (discordant < MCNEMAR_EXACT_BELOW) {
			return new McNemar(candidateOnlyRight, championOnlyRight, Math.min(candidateOnlyRight, championOnlyRight),
					exactBinomialPValue(candidateOnlyRight, championOnlyRight), true);
		}
		double statistic = continuityCorrectedChiSquare(candidateOnlyRight, championOnlyRight);
		return new McNemar(candidateOnlyRight, championOnlyRight, statistic,
				Statistics.chiSquaredProbability(statistic, 1), false);
	}

	/**
	 * {@code (|b - c| - 1)^2 / (b + c)}, as the textbooks (and R's {@code mcnemar.test})
	 * write it: not floored, so {@code b = c} gives {@code 1 / (b + c)}, far from
	 * significant all the same.
	 */
	static double continuityCorrectedChiSquare(int b, int c) {
		double excess = Math.abs((long) b - c) - 1;
		return excess * excess / ((double) b + c);
	}

	/**
	 * Twice the smaller tail of {@code Binomial(b + c, 1/2)}, capped at 1; exact in
	 * {@code double} below {@link #MCNEMAR_EXACT_BELOW} discordant rows.
	 */
	static double exactBinomialPValue(int b, int c) {
		int n = b + c;
		int k = Math.min(b, c);
		long tail = 0;
		long coefficient = 1;
		for (int i = 0; i <= k; i++) {
			tail += coefficient;
			coefficient = coefficient * (n - i) / (i + 1);
		}
		return Math.min(1.0, 2.0 * tail / Math.pow(2, n));
	}

	private static void requireFinite(String name, double[] values) {
		if (values == null) {
			throw new IllegalArgumentException(name + " fold values are missing");
		}
		for (int i = 0; i < values.length; i++) {
			if (!Double.isFinite(values[i])) {
				throw new IllegalArgumentException(
						name + " value at fold " + i + " is " + values[i] + ": every fold needs a finite value");
			}
		}
	}

}
