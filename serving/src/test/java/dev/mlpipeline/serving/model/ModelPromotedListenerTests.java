package dev.mlpipeline.serving.model;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.Promotions;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ModelPromotedListenerTests {

	private static final String J48 = "weka.classifiers.trees.J48";

	private static final Instances IRIS = ModelFixtures.iris();

	private static final Promotions promotions = new Promotions();

	private final TestRegistry mlflow = TestRegistry.connect();

	private final String model = "listener-" + UUID.randomUUID();

	@AfterAll
	static void closeProducer() {
		promotions.close();
	}

	@Test
	void deadLettersAPromotionNotKeyedByItsModelAndMovesOnToTheNextOne() {
		ModelVersion v1 = registerAndPromote("-C", "0.25");
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of());
				Consumer<String, byte[]> deadLetters = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"))) {
			deadLetters.subscribe(List.of(Topics.MODEL_PROMOTED + TopicSpec.DEAD_LETTER_SUFFIX));
			serving.awaitServing(v1.version(), "startup");
			serving.awaitListening();
			// the catch-up read on assignment is done before the registry moves
			await().until(() -> serving.count("serving.syncs", "reason", "reconcile") >= 1);
			ModelVersion v2 = registerAndPromote("-C", "0.1");

			String wrongKey = "not-" + this.model;
			String eventId = promotions.announce(v2, v1.version(), wrongKey);

			List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				deadLetters.poll(Duration.ofMillis(200)).forEach(seen::add);
				return seen.stream().anyMatch((record) -> text(record.value()).contains(eventId));
			});
			ConsumerRecord<String, byte[]> dead = seen.stream()
				.filter((record) -> text(record.value()).contains(eventId))
				.findFirst()
				.orElseThrow();
			assertThat(dead.key()).isEqualTo(wrongKey);
			Header message = dead.headers().lastHeader("kafka_dlt-exception-message");
			assertThat(message).isNotNull();
			assertThat(text(message.value())).contains(wrongKey, this.model);
			assertThat(serving.count("serving.events", "outcome", "wrong-key")).isEqualTo(1);
			assertThat(serving.count("serving.syncs", "reason", "event")).isZero();
			assertThat(serving.count("serving.swaps")).isEqualTo(1);
			serving.client().get().uri("/model").exchange().expectBody().jsonPath("$.version").isEqualTo(v1.version());

			promotions.announce(v2, v1.version());
			serving.awaitServing(v2.version(), "event");
		}
	}

	@Test
	void tenRestartsLeaveNoConsumerGroupBehindAndEachInstanceStillHearsPromotions() throws Exception {
		ModelVersion current = registerAndPromote("-C", "0.25");
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
			Set<String> before = groups(admin);
			for (int restart = 0; restart < 10; restart++) {
				try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
					serving.awaitServing(current.version(), "startup");
					serving.awaitListening();
					if (restart % 3 == 0) {
						// every third instance proves it still hears a promotion
						ModelVersion promoted = registerAndPromote("-C", "0.1" + restart);
						promotions.announce(promoted, current.version());
						serving.awaitServing(promoted.version(), "event");
						current = promoted;
					}
				}
			}
			Set<String> after = groups(admin);
			after.removeAll(before);
			assertThat(after).as("consumer groups the ten instances left").isEmpty();
		}
	}

	private static Set<String> groups(Admin admin) throws Exception {
		return admin.listGroups()
			.all()
			.get()
			.stream()
			.map((group) -> group.groupId())
			.collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
	}

	private ModelVersion registerAndPromote(String... options) {
		ModelVersion version = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS, options), IRIS);
		this.mlflow.promote(this.model, version.version());
		return version;
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : "";
	}

}
