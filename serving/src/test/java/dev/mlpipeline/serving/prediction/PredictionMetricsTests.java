package dev.mlpipeline.serving.prediction;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.event.PredictionLogged;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionMetricsTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final Set<String> served = ConcurrentHashMap.newKeySet();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final PredictionMetrics metrics = new PredictionMetrics(this.registry,
			(model, version) -> this.served.contains(model + "/" + version), this.now::get);

	@Test
	void aVersionNoLongerServedLosesItsSeriesWhenALaterVersionAnswersAfterItsIdleTime() {
		answer("iris", "1", PredictionLogged.CHAMPION);
		answer("iris", "1", PredictionLogged.CHALLENGER);
		answer("other", "1", PredictionLogged.CHAMPION);
		served("iris", "2");
		advance(PredictionMetrics.RETIRED_AFTER);

		answer("iris", "2", PredictionLogged.CHAMPION);

		assertThat(versionsOf("iris")).containsExactly("2");
		assertThat(versionsOf("other")).as("another model's versions are that model's business").containsExactly("1");
	}

	@Test
	void aServedVersionKeepsItsSeriesHoweverLongItIsIdle() {
		answer("iris", "1", PredictionLogged.CHAMPION);
		served("iris", "1");
		advance(Duration.ofDays(1));

		answer("iris", "2", PredictionLogged.CHALLENGER);

		assertThat(versionsOf("iris")).containsExactlyInAnyOrder("1", "2");
	}

	@Test
	void aRetiredVersionThatAnsweredRecentlyKeepsItsSeriesForPrometheusToScrape() {
		answer("iris", "1", PredictionLogged.CHAMPION);
		advance(PredictionMetrics.RETIRED_AFTER.minusSeconds(1));
		answer("iris", "1", PredictionLogged.CHAMPION);
		advance(Duration.ofSeconds(2));

		answer("iris", "2", PredictionLogged.CHAMPION);

		assertThat(versionsOf("iris")).containsExactlyInAnyOrder("1", "2");
		assertThat(this.registry.find("serving.predictions").tag("version", "1").counter().count()).isEqualTo(2);
	}

	@Test
	void aRetiredVersionThatAnswersAgainStartsFreshSeries() {
		answer("iris", "1", PredictionLogged.CHAMPION);
		advance(PredictionMetrics.RETIRED_AFTER);
		answer("iris", "2", PredictionLogged.CHAMPION);

		answer("iris", "1", PredictionLogged.CHAMPION);

		assertThat(this.registry.find("serving.predictions").tag("version", "1").counter().count()).isEqualTo(1);
		assertThat(this.registry.find("serving.prediction.latency").tag("version", "1").timer().count()).isEqualTo(1);
	}

	private void answer(String model, String version, String role) {
		this.metrics.predicted(model, version, role, PredictionHandler.Endpoint.PREDICT, 1, 1_000);
	}

	private void served(String model, String version) {
		this.served.add(model + "/" + version);
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private List<String> versionsOf(String model) {
		return this.registry.getMeters()
			.stream()
			.map(Meter::getId)
			.filter((id) -> id.getName().startsWith("serving.predict") && model.equals(id.getTag("model")))
			.map((id) -> id.getTag("version"))
			.distinct()
			.toList();
	}

}
