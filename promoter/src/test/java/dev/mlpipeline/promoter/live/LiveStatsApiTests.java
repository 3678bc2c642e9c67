package dev.mlpipeline.promoter.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStatsApiTests extends PromoterIntegrationTest {

	@Test
	void predictionsAndFeedbackOnKafkaShowAsLiveStatsPerVersionAndRole() throws Exception {
		String model = "live-" + UUID.randomUUID().toString().substring(0, 8);
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			for (int i = 0; i < 4; i++) {
				producer.send(new ProducerRecord<>(Topics.PREDICTIONS, model,
						prediction(model, "c-" + i, "1", PredictionLogged.CHAMPION, null)));
			}
			producer.send(new ProducerRecord<>(Topics.PREDICTIONS, model,
					prediction(model, "k-1", "2", PredictionLogged.CHALLENGER, null)));
			producer.send(new ProducerRecord<>(Topics.PREDICTIONS, model,
					prediction(model, "k-2", "2", PredictionLogged.CHALLENGER, "invalid_request")));
			producer.send(new ProducerRecord<>(Topics.FEEDBACK, model, new FeedbackReceived("f-" + model, model, "c-0",
					List.of(new FeedbackReceived.Row(0, "Iris-setosa", null)), Instant.now(), "olga")));
			producer.flush();
		}
		Map<String, Map<String, Object>> byVersion = Awaitility.await()
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> versions(model),
					(versions) -> versions.containsKey("1 champion") && versions.containsKey("2 challenger")
							&& ((Number) versions.get("1 champion").get("labelled")).intValue() == 1
							&& ((Number) versions.get("2 challenger").get("requests")).intValue() == 2);
		Map<String, Object> champion = byVersion.get("1 champion");
		assertThat(champion).containsEntry("requests", 4).containsEntry("errors", 0).containsEntry("accuracy", 1.0);
		assertThat(((Number) champion.get("latencyP99Ms")).doubleValue()).isBetween(11.8, 12.2);
		Map<String, Object> canary = byVersion.get("2 challenger");
		assertThat(canary).containsEntry("errors", 1).containsEntry("errorRate", 0.5).containsEntry("labelled", 0);
		assertThat(canary.get("accuracy")).as("no label, no accuracy").isNull();
	}

	@Test
	void aRecordTheTopologyCannotReadGoesToTheDeadLetterTopicAsItArrived() {
		String model = "live-dlt-" + UUID.randomUUID().toString().substring(0, 8);
		byte[] broken = ("{\"modelName\": \"" + model + "\", not json").getBytes(StandardCharsets.UTF_8);
		try (Producer<String, byte[]> producer = KafkaBroker.rawProducer()) {
			producer.send(new ProducerRecord<>(Topics.PREDICTIONS, model, broken));
			producer.flush();
		}
		List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
		try (Consumer<String, byte[]> consumer = KafkaBroker.rawConsumer("live-dlt-" + UUID.randomUUID())) {
			consumer.subscribe(List.of(Topics.PREDICTIONS + TopicSpec.DEAD_LETTER_SUFFIX));
			Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> {
					if (model.equals(record.key())) {
						dead.add(record);
					}
				});
				return !dead.isEmpty();
			});
		}
		assertThat(dead.get(0).value()).isEqualTo(broken);
		assertThat(new String(dead.get(0).headers().lastHeader("kafka_dlt-exception-message").value(),
				StandardCharsets.UTF_8))
			.startsWith("Record on 'predictions' is not a PredictionLogged");
		// Kafka Streams' metrics make a scrape larger than the client's default buffer
		String metrics = this.anonymous.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics.lines()
			.filter((line) -> line.startsWith("kafka_stream_live_stats_refused_predictions_total"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum()).as(metrics.lines().filter((line) -> line.contains("refused")).toList().toString())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void aSpanThatIsNotOneIsRefusedNamingTheFieldAndAnonymousCallersAreNotLetIn() {
		this.web.get()
			.uri("/models/iris/live?from=yesterday")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("from");
		this.web.get()
			.uri("/models/iris/live?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("from spans more than PT24H to to");
		this.anonymous.get().uri("/models/iris/live").exchange().expectStatus().isUnauthorized();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> versions(String model) {
		Map<String, Object> answer = this.web.get()
			.uri("/models/{name}/live", model)
			.exchange()
			.returnResult(Map.class)
			.getResponseBody()
			.blockFirst(Duration.ofSeconds(10));
		Map<String, Map<String, Object>> versions = new java.util.HashMap<>();
		if (answer == null || !(answer.get("versions") instanceof List<?> list)) {
			return versions;
		}
		for (Object entry : list) {
			Map<String, Object> version = (Map<String, Object>) entry;
			versions.put(version.get("version") + " " + version.get("role"), version);
		}
		return versions;
	}

	private static PredictionLogged prediction(String model, String requestId, String version, String role,
			String error) {
		return new PredictionLogged(UUID.randomUUID().toString(), model, version, role, requestId, requestId,
				List.of(Map.of("sepallength", 5.1)),
				(error != null) ? List.of()
						: List.of(new PredictionLogged.Output("Iris-setosa", Map.of("Iris-setosa", 1.0), null)),
				12.0, error, null, Instant.now());
	}

}
