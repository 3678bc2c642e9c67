package dev.mlpipeline.promoter.live;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencySketchTests {

	@Test
	void everyQuantileIsWithinTheRelativeErrorOfTheExactOne() {
		Random random = new Random(42);
		double[] latencies = new double[20_000];
		LatencySketch sketch = LatencySketch.empty();
		for (int i = 0; i < latencies.length; i++) {
			// log-normal: most answers fast, a long tail
			latencies[i] = Math.exp(random.nextGaussian() * 1.2);
			sketch = sketch.plus(LatencySketch.of(latencies[i]));
		}
		Arrays.sort(latencies);
		for (double quantile : new double[] { 0.01, 0.5, 0.9, 0.99, 0.999 }) {
			double exact = latencies[(int) Math.floor(quantile * (latencies.length - 1))];
			assertThat(sketch.quantile(quantile)).as("q" + quantile)
				.isCloseTo(exact, within(exact * LatencySketch.RELATIVE_ERROR * 1.0001));
		}
		assertThat(sketch.count()).isEqualTo(latencies.length);
	}

	@Test
	void twoWindowsMergeIntoTheSketchOfBoth() {
		LatencySketch first = LatencySketch.empty();
		LatencySketch second = LatencySketch.empty();
		LatencySketch whole = LatencySketch.empty();
		for (int ms = 1; ms <= 100; ms++) {
			LatencySketch one = LatencySketch.of(ms);
			whole = whole.plus(one);
			if (ms <= 50) {
				first = first.plus(one);
			}
			else {
				second = second.plus(one);
			}
		}
		assertThat(first.plus(second)).isEqualTo(whole);
		assertThat(whole.quantile(0.99)).isCloseTo(99, within(0.99));
	}

	@Test
	void anEmptySketchHasNoQuantileAndAZeroLatencyCountsAsTheSmallest() {
		assertThat(LatencySketch.empty().quantile(0.5)).isNaN();
		LatencySketch sketch = LatencySketch.of(0).plus(LatencySketch.of(5));
		assertThat(sketch.quantile(0)).isLessThan(0.0011);
		assertThat(sketch.quantile(1)).isCloseTo(5, within(0.05));
	}

}
