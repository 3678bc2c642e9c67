package dev.mlpipeline.serving.model;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import org.springframework.kafka.core.KafkaTemplate;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A serving replica with a signing key: a promotion signed with a key the pipeline does
 * not know goes to the dead-letter topic and the replica keeps its version, even though
 * the registry would let it swap; the same promotion signed with the pipeline's key makes
 * it swap.
 */
class SignedPromotionsTests {

	private static final String KEY = "serving-tests-signing-key-of-enough-bytes";

	private static final String FOREIGN_KEY = "an-attackers-key-that-nobody-configured";

	private static final Instances IRIS = ModelFixtures.iris();

	private final TestRegistry mlflow = TestRegistry.connect();

	private final String model = "signed-" + UUID.randomUUID();

	@Test
	void aForgedPromotionIsDeadLetteredAndServingKeepsItsVersion() throws Exception {
		ModelVersion v1 = registerAndPromote("-C", "0.25");
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of("pipeline.event.signing-key", KEY));
				Consumer<String, byte[]> deadLetters = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"));
				Producer<String, byte[]> attacker = KafkaBroker.rawProducer()) {
			deadLetters.subscribe(List.of(Topics.MODEL_PROMOTED + TopicSpec.DEAD_LETTER_SUFFIX));
			serving.awaitServing(v1.version(), "startup");
			serving.awaitListening();
			await().until(() -> serving.count("serving.syncs", "reason", "reconcile") >= 1);
			// the registry now names v2: only an event that is let through makes serving
			// re-read it before the next reconcile (an hour away in tests)
			ModelVersion v2 = registerAndPromote("-C", "0.1");
			ModelPromoted forged = promoted(v2, v1.version());
			byte[] value = EventJson.mapper().writeValueAsBytes(forged);
			long now = System.currentTimeMillis();
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MODEL_PROMOTED, this.model, value);
			record.headers()
				.add(EventSignature.TIMESTAMP_HEADER, Long.toString(now).getBytes(StandardCharsets.UTF_8))
				.add(EventSignature.SIGNATURE_HEADER,
						new EventSignature(FOREIGN_KEY, null, Duration.ofMinutes(5))
							.sign(Topics.MODEL_PROMOTED, this.model, now, value)
							.getBytes(StandardCharsets.UTF_8));
			attacker.send(record).get(30, TimeUnit.SECONDS);

			ConsumerRecord<String, byte[]> dead = awaitDeadLetter(deadLetters, forged.eventId());
			assertThat(text(dead.headers().lastHeader("pipeline_rejected_signature"))).isEqualTo("forged");
			assertThat(text(dead.headers().lastHeader("kafka_dlt-exception-message")))
				.contains("matches neither the signing key nor the previous key");
			assertThat(serving.count("pipeline.events.rejected", "topic", Topics.MODEL_PROMOTED, "reason", "forged"))
				.isEqualTo(1);
			assertThat(serving.count("serving.events")).isZero();
			assertThat(serving.count("serving.syncs", "reason", "event")).isZero();
			assertThat(serving.count("serving.swaps")).isEqualTo(1);
			serving.client().get().uri("/model").exchange().expectBody().jsonPath("$.version").isEqualTo(v1.version());

			// the same promotion from a producer that has the key: serving swaps
			@SuppressWarnings("unchecked")
			KafkaTemplate<String, Object> signed = serving.bean(KafkaTemplate.class);
			signed.send(Topics.MODEL_PROMOTED, this.model, promoted(v2, v1.version())).get(30, TimeUnit.SECONDS);
			serving.awaitServing(v2.version(), "event");
		}
	}

	private ModelPromoted promoted(ModelVersion version, String previous) {
		return new ModelPromoted(UUID.randomUUID().toString(), version.name(), version.version(), previous,
				version.runId(), version.source(), version.tags().get("sha256"), PromotionCause.POLICY, Instant.now(),
				null);
	}

	private ModelVersion registerAndPromote(String... options) {
		ModelVersion version = this.mlflow.register(this.model,
				ModelFixtures.train("weka.classifiers.trees.J48", IRIS, options), IRIS);
		this.mlflow.promote(this.model, version.version());
		return version;
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(Consumer<String, byte[]> deadLetters,
			String eventId) {
		List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			deadLetters.poll(Duration.ofMillis(200)).forEach(seen::add);
			return seen.stream()
				.anyMatch((record) -> new String(record.value(), StandardCharsets.UTF_8).contains(eventId));
		});
		return seen.stream()
			.filter((record) -> new String(record.value(), StandardCharsets.UTF_8).contains(eventId))
			.findFirst()
			.orElseThrow();
	}

	private static String text(Header header) {
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
