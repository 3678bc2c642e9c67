package dev.mlpipeline.serving.prediction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import weka.core.Instances;

import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.model.TestModels;
import dev.mlpipeline.serving.predictionlog.LoggedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ShadowScoringTests {

	private static final byte[] ROW = ("{\"instances\": [{\"sepallength\": 6.3, \"sepalwidth\": 2.8, "
			+ "\"petallength\": 5.1, \"petalwidth\": 1.5}]}")
		.getBytes(StandardCharsets.UTF_8);

	private static final LoggedRequest ANSWERED = new LoggedRequest("r", "r", "test-model", "1", List.of(),
			List.of("a", "b", "c"), List.of(), 1000, null, "champion", null, null);

	private final MeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void shadowWorkThatDoesNotFitTheQueueIsDroppedAndCountedNeverWaitedFor() throws Exception {
		Instances iris = ModelFixtures.iris();
		LoadedModel challenger = TestModels.of(ModelFixtures.train("weka.classifiers.trees.J48", iris), iris);
		ThreadPoolExecutor pool = ShadowScoring.boundedPool(1, 2);
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<LoggedRequest> logged = new CopyOnWriteArrayList<>();
		LoggedRequest answered = ANSWERED;
		try (ShadowScoring shadows = new ShadowScoring(pool, unlimited(), () -> 0,
				new RequestReader(JsonMapper.builder().build(), 100), this.meters, logged::add)) {
			// the only shadow thread is taken: two requests wait, the others find the
			// queue full and are dropped at once
			pool.execute(() -> {
				busy.countDown();
				waitFor(release);
			});
			assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 5; i++) {
				shadows.submit(challenger, ROW, true, answered);
			}
			assertThat(count("dropped")).isEqualTo(3);
			assertThat(count("scored")).isZero();
			// a dropped shadow never costs the answer its log record, only the shadow's
			// outputs
			assertThat(logged).hasSize(3).allSatisfy((request) -> assertThat(request.shadowVersion()).isNull());
			release.countDown();
			await().until(() -> count("scored") == 2);
			await().until(() -> logged.size() == 5);
			assertThat(logged.subList(3, 5)).allSatisfy((request) -> {
				assertThat(request.shadowVersion()).isEqualTo(challenger.version());
				assertThat(request.shadowDistributions()).hasSize(1);
			});
		}
	}

	@Test
	void aShadowOverItsCpuBudgetIsNotStartedAndTheAnswerIsLoggedWithoutIt() throws Exception {
		Instances iris = ModelFixtures.iris();
		LoadedModel challenger = TestModels.of(ModelFixtures.train("weka.classifiers.trees.J48", iris), iris);
		List<LoggedRequest> logged = new CopyOnWriteArrayList<>();
		// every reading of the shadow thread's CPU clock is a second later: one scoring
		// takes a second of CPU, far more than a tenth of a core has earned
		AtomicLong cpu = new AtomicLong();
		ShadowBudget budget = new ShadowBudget(0.1, Duration.ofMillis(100), () -> 0);
		try (ShadowScoring shadows = new ShadowScoring(ShadowScoring.boundedPool(1, 10), budget,
				() -> cpu.addAndGet(1_000_000_000L), new RequestReader(JsonMapper.builder().build(), 100), this.meters,
				logged::add)) {
			shadows.submit(challenger, ROW, true, ANSWERED);
			await().until(() -> count("scored") == 1);
			await().until(() -> logged.size() == 1);
			assertThat(logged.get(0).shadowVersion()).isEqualTo(challenger.version());
			for (int i = 0; i < 3; i++) {
				shadows.submit(challenger, ROW, true, ANSWERED);
			}
			assertThat(count("over-budget")).isEqualTo(3);
			assertThat(count("scored")).isEqualTo(1);
			assertThat(logged).hasSize(4);
			assertThat(logged.subList(1, 4)).allSatisfy((request) -> assertThat(request.shadowVersion()).isNull());
			assertThat(this.meters.get("serving.shadow.cpu").tag("model", challenger.name()).counter().count())
				.isEqualTo(1.0);
		}
	}

	private static ShadowBudget unlimited() {
		// a clock that never moves and a CPU clock that never advances: nothing is spent
		return new ShadowBudget(64, Duration.ofMillis(100), () -> 0);
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private double count(String outcome) {
		return this.meters.find("serving.shadow.requests")
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
