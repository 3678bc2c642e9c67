package dev.mlpipeline.serving.predictionlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.event.PredictionLogged;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionLogTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void logsEveryRequestAtSampleOneAndNoneAtSampleZero() throws Exception {
		PredictionLog all = log(1.0, 100, 1000, new Random(7));
		PredictionLog none = log(0.0, 100, 1000, new Random(7));
		for (int i = 0; i < 50; i++) {
			all.record(request("r" + i, 1));
			none.record(request("r" + i, 1));
		}
		assertThat(all.waiting()).isEqualTo(50);
		assertThat(all.take().requestId()).isEqualTo("r0");
		assertThat(none.waiting()).isZero();
		assertThat(dropped()).isZero();
	}

	@Test
	void logsTheSampledShareOfRequests() {
		PredictionLog quarter = log(0.25, 100_000, 100_000, new Random(42));
		for (int i = 0; i < 20_000; i++) {
			quarter.record(request("r" + i, 1));
		}
		assertThat(quarter.waiting()).isBetween(4_700, 5_300);
	}

	@Test
	void dropsAndCountsWhatAFullBufferCannotTakeWithoutWaiting() throws Exception {
		PredictionLog log = log(1.0, 3, 1000, new Random(1));
		for (int i = 0; i < 10; i++) {
			log.record(request("r" + i, 1));
		}
		assertThat(log.waiting()).isEqualTo(3);
		assertThat(dropped()).isEqualTo(7);
		log.take();
		log.record(request("r10", 1));
		assertThat(log.waiting()).isEqualTo(3);
		assertThat(dropped()).isEqualTo(7);
	}

	@Test
	void dropsARequestWhoseRowsWouldPassTheRowBudget() {
		PredictionLog log = log(1.0, 100, 10, new Random(1));
		log.record(request("big", 8));
		log.record(request("too-big", 3));
		log.record(request("fits", 2));
		assertThat(log.waiting()).isEqualTo(2);
		assertThat(dropped()).isEqualTo(1);
		assertThat(log.poll().requestId()).isEqualTo("big");
		log.record(request("fits-now", 8));
		assertThat(log.waiting()).isEqualTo(2);
	}

	@Test
	void aWarningIsDueOncePerInterval() {
		AtomicLong now = new AtomicLong(1_000);
		Throttle throttle = new Throttle(Duration.ofNanos(100), now::get);
		assertThat(throttle.due()).isTrue();
		assertThat(throttle.due()).isFalse();
		now.addAndGet(99);
		assertThat(throttle.due()).isFalse();
		now.addAndGet(1);
		assertThat(throttle.due()).isTrue();
	}

	@Test
	void theEventCarriesTheRowsAsGivenAndEachRowsLabelAndProbabilities() {
		JsonNode row = JSON.readTree("{\"sepallength\": 5.1, \"colour\": \"blue\", \"petalwidth\": null, \"n\": 3}");
		LoggedRequest request = new LoggedRequest("r1", "caller", "iris", "4", List.of(row.properties()),
				List.of("a", "b"), List.of(new double[] { 0.25, 0.75 }), 2_500_000, null, "challenger", null, null);
		PredictionLogged event = PredictionLogEvents.of(request, "e1", Instant.EPOCH);
		assertThat(event.role()).isEqualTo("challenger");
		assertThat(event.shadow()).isNull();
		PredictionLogged shadowed = PredictionLogEvents.of(request.withShadow("9", List.of(new double[] { 0.9, 0.1 })),
				"e2", Instant.EPOCH);
		assertThat(shadowed.shadow()).isEqualTo(new PredictionLogged.Shadow("9",
				List.of(new PredictionLogged.Output("a", Map.of("a", 0.9, "b", 0.1), null))));
		assertThat(event.rows()).hasSize(1);
		assertThat(event.rows().get(0)).containsEntry("sepallength", 5.1)
			.containsEntry("colour", "blue")
			.containsEntry("petalwidth", null)
			.containsEntry("n", 3);
		assertThat(event.outputs())
			.containsExactly(new PredictionLogged.Output("b", Map.of("a", 0.25, "b", 0.75), null));
		assertThat(event.role()).isEqualTo(PredictionLogged.CHALLENGER);
		assertThat(event.shadow()).isNull();
		assertThat(event.latencyMs()).isEqualTo(2.5);
		assertThat(event.routingKey()).isEqualTo("caller");
	}

	@Test
	void aNumericClassIsLoggedAsAValueAndAMissingOneAsNull() {
		assertThat(PredictionLogEvents.output(new double[] { 4.5 }, null))
			.isEqualTo(new PredictionLogged.Output(null, null, 4.5));
		assertThat(PredictionLogEvents.output(new double[] { weka.core.Utils.missingValue() }, null).value()).isNull();
		assertThat(PredictionLogEvents.output(new double[] { 0, 0 }, List.of("a", "b")).label()).isNull();
	}

	private PredictionLog log(double sample, int buffer, int rows, Random random) {
		return new PredictionLog(sample, buffer, rows, random::nextDouble, this.registry,
				new Throttle(Duration.ofMinutes(1), System::nanoTime));
	}

	private static LoggedRequest request(String id, int rows) {
		List<Iterable<Map.Entry<String, JsonNode>>> given = new ArrayList<>();
		List<double[]> distributions = new ArrayList<>();
		for (int i = 0; i < rows; i++) {
			given.add(List.of());
			distributions.add(new double[] { 1.0 });
		}
		return new LoggedRequest(id, id, "m", "1", given, List.of("x"), distributions, 1000, null, "champion", null,
				null);
	}

	private double dropped() {
		return this.registry.counter("serving.prediction.log.dropped").count();
	}

}
