package dev.mlpipeline.trainer.cost;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PercentilesTests {

	@Test
	void takesTheValueOfTheNearestRankOnTheTextbookExample() {
		// the nearest-rank examples of the percentile's usual definition
		double[] five = { 15, 20, 35, 40, 50 };
		assertThat(Percentiles.nearestRank(five, 5)).isEqualTo(15);
		assertThat(Percentiles.nearestRank(five, 30)).isEqualTo(20);
		assertThat(Percentiles.nearestRank(five, 40)).isEqualTo(20);
		assertThat(Percentiles.nearestRank(five, 50)).isEqualTo(35);
		assertThat(Percentiles.nearestRank(five, 100)).isEqualTo(50);
		double[] ten = { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 };
		assertThat(Percentiles.nearestRank(ten, 25)).isEqualTo(7);
		assertThat(Percentiles.nearestRank(ten, 50)).isEqualTo(8);
		assertThat(Percentiles.nearestRank(ten, 75)).isEqualTo(15);
		assertThat(Percentiles.nearestRank(ten, 100)).isEqualTo(20);
	}

	@Test
	void sortsACopyAndLeavesTheValuesAsGiven() {
		double[] values = { 50, 15, 40, 20, 35 };
		assertThat(Percentiles.nearestRank(values, 50)).isEqualTo(35);
		assertThat(values).containsExactly(50, 15, 40, 20, 35);
	}

	@Test
	void landsOnExactRanksDespiteFloatingPoint() {
		double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
		assertThat(Percentiles.nearestRank(hundred, 7)).isEqualTo(7);
		assertThat(Percentiles.nearestRank(hundred, 57)).isEqualTo(57);
		assertThat(Percentiles.nearestRank(hundred, 99)).isEqualTo(99);
		double[] twoThousand = IntStream.rangeClosed(1, 2000).asDoubleStream().toArray();
		assertThat(Percentiles.nearestRank(twoThousand, 50)).isEqualTo(1000);
		assertThat(Percentiles.nearestRank(twoThousand, 99)).isEqualTo(1980);
	}

	@Test
	void takesTheOnlyValueOfOne() {
		assertThat(Percentiles.nearestRank(new double[] { 4.5 }, 1)).isEqualTo(4.5);
		assertThat(Percentiles.nearestRank(new double[] { 4.5 }, 99)).isEqualTo(4.5);
	}

	@Test
	void refusesNoValuesAndPercentilesOutsideZeroToHundred() {
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(new double[0], 50))
			.withMessageContaining("at least one value");
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(new double[] { 1 }, 0))
			.withMessageContaining("more than 0 and at most 100");
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(new double[] { 1 }, 100.5))
			.withMessageContaining("more than 0 and at most 100");
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(new double[] { 1 }, Double.NaN));
	}

}
