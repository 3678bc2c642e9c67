package dev.mlpipeline.promoter.comparison;

import org.junit.jupiter.api.Test;
import weka.experiment.PairedStats;
import weka.experiment.PairedStatsCorrected;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class PairedTestsTests {

	private static final double TEN_FOLDS = 1.0 / 9;

	private static final double[] CHAMPION = { 0.91, 0.89, 0.92, 0.90, 0.93, 0.88, 0.91, 0.90, 0.92, 0.89 };

	// +0.02 on average, +0.01 to +0.03 on every fold
	private static final double[] CLEAR_GAIN = { 0.93, 0.92, 0.94, 0.91, 0.95, 0.91, 0.93, 0.92, 0.94, 0.90 };

	// the same +0.02 on average, but from -0.07 to +0.10 fold by fold
	private static final double[] NOISY_GAIN = { 0.99, 0.82, 0.99, 0.84, 0.99, 0.98, 0.86, 0.99, 0.88, 0.91 };

	// differences of -0.02 to +0.02 that sum to zero
	private static final double[] NOISY_TIE = { 0.92, 0.88, 0.94, 0.88, 0.93, 0.89, 0.90, 0.90, 0.93, 0.88 };

	@Test
	void aClearGainOverTenFoldsIsSignificantAndMatchesWeka() {
		TTest test = PairedTests.correctedResampledTTest(CLEAR_GAIN, CHAMPION, TEN_FOLDS);
		assertMatchesWeka(test, CLEAR_GAIN, CHAMPION, TEN_FOLDS);
		assertThat(test.meanDifference()).isCloseTo(0.02, within(1e-12));
		assertThat(test.t()).isPositive();
		assertThat(test.pValue()).isLessThan(0.001);
	}

	@Test
	void theSameMeanGainWithHighFoldVarianceIsNotSignificantAndMatchesWeka() {
		TTest clear = PairedTests.correctedResampledTTest(CLEAR_GAIN, CHAMPION, TEN_FOLDS);
		TTest noisy = PairedTests.correctedResampledTTest(NOISY_GAIN, CHAMPION, TEN_FOLDS);
		assertMatchesWeka(noisy, NOISY_GAIN, CHAMPION, TEN_FOLDS);
		assertThat(noisy.meanDifference()).isCloseTo(clear.meanDifference(), within(1e-12));
		assertThat(noisy.stdDevDifference()).isGreaterThan(10 * clear.stdDevDifference());
		assertThat(noisy.pValue()).isGreaterThan(0.5);
	}

	@Test
	void aTieWithFoldNoiseIsNotSignificantAndMatchesWeka() {
		TTest test = PairedTests.correctedResampledTTest(NOISY_TIE, CHAMPION, TEN_FOLDS);
		assertMatchesWeka(test, NOISY_TIE, CHAMPION, TEN_FOLDS);
		assertThat(test.meanDifference()).isCloseTo(0, within(1e-12));
		assertThat(test.pValue()).isGreaterThan(0.99);
	}

	@Test
	void aWorseCandidateHasANegativeTAndTheSameTwoSidedPValue() {
		TTest better = PairedTests.correctedResampledTTest(CLEAR_GAIN, CHAMPION, TEN_FOLDS);
		TTest worse = PairedTests.correctedResampledTTest(CHAMPION, CLEAR_GAIN, TEN_FOLDS);
		assertMatchesWeka(worse, CHAMPION, CLEAR_GAIN, TEN_FOLDS);
		assertThat(worse.meanDifference()).isCloseTo(-better.meanDifference(), within(1e-15));
		assertThat(worse.t()).isCloseTo(-better.t(), within(1e-9));
		assertThat(worse.pValue()).isCloseTo(better.pValue(), within(1e-15));
	}

	@Test
	void identicalResultsOnEveryFoldAreATieWithPValueOneAsInWeka() {
		double[] same = CHAMPION.clone();
		TTest test = PairedTests.correctedResampledTTest(same, CHAMPION, TEN_FOLDS);
		assertThat(test).isEqualTo(new TTest(10, 0, 0, 0, 9, 1.0));
		assertThat(test.pValue()).isEqualTo(weka(same, CHAMPION, TEN_FOLDS).differencesProbability);
	}

	@Test
	void theSameNonZeroGainOnEveryFoldHasPValueZeroAsInWeka() {
		// exactly representable, so every difference is exactly 0.125
		double[] champion = { 0.5, 0.75, 0.25 };
		double[] candidate = { 0.625, 0.875, 0.375 };
		TTest gain = PairedTests.correctedResampledTTest(candidate, champion, 0.5);
		assertThat(gain).isEqualTo(new TTest(3, 0.125, 0, Double.POSITIVE_INFINITY, 2, 0.0));
		assertThat(weka(candidate, champion, 0.5).differencesProbability).isZero();
		TTest loss = PairedTests.correctedResampledTTest(champion, candidate, 0.5);
		assertThat(loss.t()).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(loss.pValue()).isZero();
	}

	@Test
	void matchesThePublishedFormulaWorkedByHand() {
		// Nadeau and Bengio (2003), as in Weka: five folds of 5-fold CV, ratio 1/4.
		// d = 0.02, 0.03, 0.01, 0.02, 0.02; mean(d) = 0.10 / 5 = 0.02
		// squared deviations 0 + 0.0001 + 0.0001 + 0 + 0 = 0.0002
		// var(d) = 0.0002 / (5 - 1) = 0.00005; sd = 0.0070711
		// (1/5 + 1/4) * 0.00005 = 0.45 * 0.00005 = 0.0000225
		// t = 0.02 / sqrt(0.0000225) = 0.02 / 0.0047434 = 4.21637
		// t^2 = 0.0004 / 0.0000225 = 160/9, so t = 4 sqrt(10) / 3
		// df = 4; Student's t CDF for 4 df in closed form:
		// F(t) = 1/2 + (3/8) (t / sqrt(1 + t^2/4)) (1 - t^2 / (12 (1 + t^2/4)))
		// 1 + t^2/4 = 49/9, sqrt = 7/3; t / (7/3) = 4 sqrt(10) / 7
		// t^2 / (12 * 49/9) = 160/588 = 40/147; 1 - 40/147 = 107/147
		// F(t) - 1/2 = (3/8)(4 sqrt(10)/7)(107/147) = 107 sqrt(10) / 686
		// p = 2 (1 - F(t)) = 1 - 107 sqrt(10) / 343 = 0.0135169
		double[] champion = { 0.80, 0.82, 0.79, 0.81, 0.80 };
		double[] candidate = { 0.82, 0.85, 0.80, 0.83, 0.82 };
		TTest test = PairedTests.correctedResampledTTest(candidate, champion, 0.25);
		assertThat(test.n()).isEqualTo(5);
		assertThat(test.degreesOfFreedom()).isEqualTo(4);
		assertThat(test.meanDifference()).isCloseTo(0.02, within(1e-12));
		assertThat(test.stdDevDifference()).isCloseTo(Math.sqrt(0.00005), within(1e-12));
		assertThat(test.t()).isCloseTo(4 * Math.sqrt(10) / 3, within(1e-9));
		assertThat(test.pValue()).isCloseTo(1 - 107 * Math.sqrt(10) / 343, within(1e-9));
	}

	@Test
	void aZeroRatioIsWekasUncorrectedPairedTTest() {
		PairedStats plain = new PairedStats(0.05);
		plain.add(NOISY_GAIN, CHAMPION);
		plain.calculateDerived();
		TTest test = PairedTests.correctedResampledTTest(NOISY_GAIN, CHAMPION, 0);
		assertThat(test.pValue()).isCloseTo(plain.differencesProbability, within(1e-12));
		assertThat(test.pValue())
			.isLessThan(PairedTests.correctedResampledTTest(NOISY_GAIN, CHAMPION, TEN_FOLDS).pValue());
	}

	@Test
	void noFoldsGivePValueOneAsInWeka() {
		TTest test = PairedTests.correctedResampledTTest(new double[0], new double[0], TEN_FOLDS);
		assertThat(test.n()).isZero();
		assertThat(test.pValue()).isEqualTo(1.0);
		assertThat(test.meanDifference()).isNaN();
		assertThat(test.t()).isNaN();
		assertThat(weka(new double[0], new double[0], TEN_FOLDS).differencesProbability).isEqualTo(1.0);
	}

	@Test
	void aSingleFoldIsNeverSignificantWhereWekaWouldSayPValueZero() {
		double[] candidate = { 0.95 };
		double[] champion = { 0.90 };
		TTest test = PairedTests.correctedResampledTTest(candidate, champion, TEN_FOLDS);
		assertThat(test.n()).isEqualTo(1);
		assertThat(test.meanDifference()).isCloseTo(0.05, within(1e-12));
		assertThat(test.stdDevDifference()).isNaN();
		assertThat(test.t()).isNaN();
		assertThat(test.degreesOfFreedom()).isZero();
		assertThat(test.pValue()).isEqualTo(1.0);
		// the departure from Weka, documented on the method
		assertThat(weka(candidate, champion, TEN_FOLDS).differencesProbability).isZero();
	}

	@Test
	void foldsThatDoNotPairAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PairedTests.correctedResampledTTest(new double[] { 0.9, 0.8 },
					new double[] { 0.9, 0.8, 0.7 }, TEN_FOLDS))
			.withMessage("candidate has 2 fold values but champion has 3: the folds do not pair");
	}

	@Test
	void aValueThatIsNotANumberIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PairedTests.correctedResampledTTest(new double[] { 0.9, 0.8 },
					new double[] { 0.9, Double.NaN }, TEN_FOLDS))
			.withMessage("champion value at fold 1 is NaN: every fold needs a finite value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PairedTests.correctedResampledTTest(new double[] { Double.POSITIVE_INFINITY, 0.8 },
					new double[] { 0.9, 0.8 }, TEN_FOLDS))
			.withMessage("candidate value at fold 0 is Infinity: every fold needs a finite value");
	}

	@Test
	void missingFoldValuesAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PairedTests.correctedResampledTTest(null, new double[] { 0.9 }, TEN_FOLDS))
			.withMessage("candidate fold values are missing");
	}

	@Test
	void aNegativeOrNonFiniteRatioIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PairedTests.correctedResampledTTest(CLEAR_GAIN, CHAMPION, -0.1))
			.withMessage("testTrainRatio must be a finite number >= 0, not -0.1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PairedTests.correctedResampledTTest(CLEAR_GAIN, CHAMPION, Double.NaN))
			.withMessageContaining("not NaN");
	}

	@Test
	void mcnemarMatchesArmitageAndBerrysCultureMediaExample() {
		// Armitage and Berry (1994, p. 127), as worked by StatsDirect's McNemar help
		// page: 50 sputum specimens on two media; growth on A only b = 12, on B only
		// c = 2. Published: exact two-sided P = 0.0129; continuity-corrected
		// chi-square (|12 - 2| - 1)^2 / 14 = 81/14 = 5.785714, P = 0.0162.
		McNemar test = PairedTests.mcnemar(12, 2);
		assertThat(test.exact()).isTrue();
		assertThat(test.statistic()).isEqualTo(2);
		assertThat(test.pValue()).isCloseTo(0.0129, within(0.00005));
		double chiSquare = PairedTests.continuityCorrectedChiSquare(12, 2);
		assertThat(chiSquare).isCloseTo(5.785714, within(0.0000005));
	}

	@Test
	void mcnemarWithManyDiscordantRowsMatchesAgrestisPresidentialApprovalExample() {
		// Agresti (1990, p. 350): 1600 voters, approve then disapprove b = 150,
		// disapprove then approve c = 86. Published without correction:
		// (150 - 86)^2 / 236 = 4096/236 = 17.36 (p = 3.099e-05, Penn State STAT 504).
		// With the continuity correction: (64 - 1)^2 / 236 = 3969/236 = 16.818, and
		// R's mcnemar.test (corrected by default) prints p-value = 4.115e-05.
		McNemar test = PairedTests.mcnemar(150, 86);
		assertThat(test.exact()).isFalse();
		assertThat(test.statistic()).isCloseTo(3969.0 / 236, within(1e-12));
		assertThat(test.pValue()).isCloseTo(4.115e-05, within(0.0005e-05));
		assertThat(PairedTests.mcnemar(86, 150))
			.isEqualTo(new McNemar(86, 150, test.statistic(), test.pValue(), false));
	}

	@Test
	void mcnemarsExactBranchIsTheBinomialSumWorkedByHand() {
		// b = 7, c = 1, n = 8: P(X <= 1) = (C(8,0) + C(8,1)) / 2^8 = (1 + 8) / 256
		// two-sided p = 2 * 9 / 256 = 18/256 = 0.0703125
		McNemar test = PairedTests.mcnemar(7, 1);
		assertThat(test).isEqualTo(new McNemar(7, 1, 1, 18.0 / 256, true));
		assertThat(PairedTests.mcnemar(1, 7).pValue()).isEqualTo(18.0 / 256);
	}

	@Test
	void mcnemarIsExactBelowTwentyFiveDiscordantRowsAndChiSquareFromThere() {
		// b + c = 24: P(X <= 7) = (1 + 24 + 276 + 2024 + 10626 + 42504 + 134596
		// + 346104) / 2^24 = 536155 / 16777216, two-sided p = 0.0639147
		McNemar exact = PairedTests.mcnemar(17, 7);
		assertThat(exact.exact()).isTrue();
		assertThat(exact.pValue()).isEqualTo(2.0 * 536155 / 16777216);
		// b + c = 25: (|18 - 7| - 1)^2 / 25 = 4; chi-square(1) > 4 is 0.0455003
		McNemar chiSquare = PairedTests.mcnemar(18, 7);
		assertThat(chiSquare.exact()).isFalse();
		assertThat(chiSquare.statistic()).isEqualTo(4.0);
		assertThat(chiSquare.pValue()).isCloseTo(0.0455003, within(0.0000001));
	}

	@Test
	void mcnemarWithoutDiscordantRowsHasPValueOne() {
		assertThat(PairedTests.mcnemar(0, 0)).isEqualTo(new McNemar(0, 0, 0, 1.0, true));
	}

	@Test
	void mcnemarOnASymmetricTableHasPValueOne() {
		// b = c = 5, n = 10: P(X <= 5) = 638/1024 > 1/2, so 2 * P caps at 1
		assertThat(PairedTests.mcnemar(5, 5)).isEqualTo(new McNemar(5, 5, 5, 1.0, true));
		// on the chi-square branch the textbook statistic is (0 - 1)^2 / 40
		McNemar large = PairedTests.mcnemar(20, 20);
		assertThat(large.statistic()).isEqualTo(1.0 / 40);
		assertThat(large.pValue()).isCloseTo(0.874367, within(0.000001));
	}

	@Test
	void mcnemarRefusesNegativeCounts() {
		assertThatIllegalArgumentException().isThrownBy(() -> PairedTests.mcnemar(-1, 3))
			.withMessage("McNemar's counts cannot be negative: candidateOnlyRight -1, championOnlyRight 3");
	}

	private static void assertMatchesWeka(TTest test, double[] candidate, double[] champion, double ratio) {
		PairedStatsCorrected weka = weka(candidate, champion, ratio);
		double wekaT = weka.differencesStats.mean
				/ Math.sqrt((1 / weka.count + ratio) * weka.differencesStats.stdDev * weka.differencesStats.stdDev);
		assertThat(test.n()).isEqualTo((int) weka.count);
		assertThat(test.degreesOfFreedom()).isEqualTo((int) weka.count - 1);
		assertThat(test.meanDifference()).isCloseTo(weka.differencesStats.mean, within(1e-12));
		assertThat(test.stdDevDifference()).isCloseTo(weka.differencesStats.stdDev, within(1e-12));
		assertThat(test.t()).isCloseTo(wekaT, within(1e-9));
		assertThat(test.pValue()).isCloseTo(weka.differencesProbability, within(1e-12));
	}

	private static PairedStatsCorrected weka(double[] candidate, double[] champion, double ratio) {
		PairedStatsCorrected stats = new PairedStatsCorrected(0.05, ratio);
		for (int i = 0; i < candidate.length; i++) {
			stats.add(candidate[i], champion[i]);
		}
		stats.calculateDerived();
		return stats;
	}

}
