package dev.mlpipeline.serving.prediction;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ShadowBudgetTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void aShadowThatHasSpentItsCreditIsRefusedUntilTheClockHasCreditedItBack() {
		ShadowBudget budget = new ShadowBudget(0.1, Duration.ofMillis(100), this.now::get);
		assertThat(budget.admits()).isTrue();
		// 10 ms of CPU is what a tenth of a core earns in 100 ms of wall time
		budget.spend(TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(budget.admits()).isFalse();
		advance(Duration.ofMillis(1));
		assertThat(budget.admits()).isTrue();
	}

	@Test
	void oneCostlyScoringIsPaidBackBeforeTheNextStarts() {
		ShadowBudget budget = new ShadowBudget(0.5, Duration.ofMillis(100), this.now::get);
		budget.spend(TimeUnit.MILLISECONDS.toNanos(250));
		// 200 ms of debt at half a core is 400 ms of wall time
		advance(Duration.ofMillis(399));
		assertThat(budget.admits()).isFalse();
		advance(Duration.ofMillis(2));
		assertThat(budget.admits()).isTrue();
	}

	@Test
	void anIdleShadowSavesNoMoreThanTheBurst() {
		ShadowBudget budget = new ShadowBudget(0.1, Duration.ofMillis(100), this.now::get);
		advance(Duration.ofHours(1));
		budget.spend(TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(budget.admits()).isFalse();
	}

	@Test
	void underSteadyOfferedWorkTheShadowTakesItsShareOfCpuAndNoMore() {
		// 10 s of requests every 100 µs, each shadow scoring taking 1 ms of CPU: ten
		// times what a tenth of a core can do
		ShadowBudget budget = new ShadowBudget(0.1, Duration.ofMillis(100), this.now::get);
		long cost = TimeUnit.MILLISECONDS.toNanos(1);
		int scored = 0;
		for (int request = 0; request < 100_000; request++) {
			if (budget.admits()) {
				budget.spend(cost);
				scored++;
			}
			advance(Duration.ofNanos(100_000));
		}
		// 1 s of CPU in 10 s is 1,000 scorings, plus the 10 ms the full bucket started
		// with
		assertThat(scored).isBetween(1000, 1011);
	}

	@Test
	void aBudgetOfNoCpuAtAllIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShadowBudget(0, Duration.ofMillis(100), this.now::get))
			.withMessageContaining("above zero cores");
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
