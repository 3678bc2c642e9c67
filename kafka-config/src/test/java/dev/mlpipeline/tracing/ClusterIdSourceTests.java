package dev.mlpipeline.tracing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterIdSourceTests {

	private final ExecutorService background = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		this.background.shutdownNow();
	}

	@Test
	void answersAtOnceWhileTheBrokerDoesNotAnswer() throws Exception {
		CountDownLatch brokerAnswers = new CountDownLatch(1);
		ClusterIdSource source = new ClusterIdSource(() -> {
			block(brokerAnswers);
			return "cluster-1";
		}, this.background);
		long start = System.nanoTime();
		assertThat(source.current()).isNull();
		assertThat(source.current()).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		brokerAnswers.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> "cluster-1".equals(source.current()));
	}

	@Test
	void asksTheBrokerOnceAtATime() {
		CountDownLatch brokerAnswers = new CountDownLatch(1);
		AtomicInteger asked = new AtomicInteger();
		ClusterIdSource source = new ClusterIdSource(() -> {
			asked.incrementAndGet();
			block(brokerAnswers);
			return "cluster-1";
		}, this.background);
		for (int i = 0; i < 10; i++) {
			source.current();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 1);
		brokerAnswers.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> source.current() != null);
		source.current();
		assertThat(asked).hasValue(1);
	}

	@Test
	void asksAgainAfterALookUpThatFoundNothing() {
		AtomicReference<String> broker = new AtomicReference<>();
		AtomicInteger asked = new AtomicInteger();
		ClusterIdSource source = new ClusterIdSource(() -> {
			asked.incrementAndGet();
			return broker.get();
		}, this.background);
		source.current();
		await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() == 1);
		broker.set("cluster-2");
		await().atMost(Duration.ofSeconds(5)).until(() -> "cluster-2".equals(source.current()));
		assertThat(asked.get()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aFailingLookUpIsUnknownNotAnError() {
		AtomicInteger asked = new AtomicInteger();
		ClusterIdSource source = new ClusterIdSource(() -> {
			asked.incrementAndGet();
			throw new IllegalStateException("broker unreachable");
		}, this.background);
		assertThat(source.current()).isNull();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			source.current();
			return asked.get() >= 2;
		});
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
