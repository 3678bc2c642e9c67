package dev.mlpipeline.serving.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.Promotions;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StatusReporterTests {

	private static final Instances IRIS = ModelFixtures.iris();

	private static final Promotions promotions = new Promotions();

	private final TestRegistry mlflow = TestRegistry.connect();

	private final String model = "status-" + UUID.randomUUID();

	@AfterAll
	static void closeProducer() {
		promotions.close();
	}

	@Test
	void aReplicaReportsWhatItServesUnderItsInstanceIdAndReportsTheNewVersionAfterASwap() {
		ModelVersion v1 = register("-C", "0.25");
		this.mlflow.promote(this.model, v1.version());
		String instance = "replica-" + UUID.randomUUID().toString().substring(0, 8);
		List<ServingStatus> seen = new CopyOnWriteArrayList<>();
		try (ServingInstance serving = ServingInstance.start(this.model,
				Map.of("serving.instance-id", instance, "serving.status.interval", "500ms"));
				Consumer<String, Object> reader = KafkaBroker.consumer(KafkaBroker.uniqueGroup("status"))) {
			reader.subscribe(List.of(Topics.SERVING_STATUS));
			serving.awaitServing(v1.version(), "startup");
			ServingStatus first = awaitReport(reader, seen, instance, v1.version());
			assertThat(first.intervalMillis()).isEqualTo(500);
			assertThat(first.host()).isNotBlank();
			ServingStatus.ModelState state = first.models().get(0);
			assertThat(state.sha256()).hasSize(64);
			assertThat(state.loadedAt()).isNotNull();
			assertThat(state.fallbackFor()).isNull();
			assertThat(state.challengerVersion()).isNull();
			assertThat(state.loadError()).isNull();

			serving.awaitListening();
			ModelVersion v2 = register("-C", "0.1");
			this.mlflow.promote(this.model, v2.version());
			promotions.announce(v2, v1.version());
			serving.awaitServing(v2.version(), "event");
			ServingStatus later = awaitReport(reader, seen, instance, v2.version());
			assertThat(later.startedAt()).isEqualTo(first.startedAt());
			assertThat(later.reportedAt()).isAfter(first.reportedAt());
		}
	}

	private ServingStatus awaitReport(Consumer<String, Object> reader, List<ServingStatus> seen, String instance,
			String version) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			reader.poll(Duration.ofMillis(200)).forEach((record) -> {
				if (instance.equals(record.key()) && record.value() instanceof ServingStatus status) {
					seen.add(status);
				}
			});
			return seen.stream()
				.filter((status) -> status.models().size() == 1 && this.model.equals(status.models().get(0).name())
						&& version.equals(status.models().get(0).version()))
				.findFirst();
		}, Optional::isPresent).orElseThrow();
	}

	private ModelVersion register(String... options) {
		return this.mlflow.register(this.model, ModelFixtures.train("weka.classifiers.trees.J48", IRIS, options), IRIS);
	}

}
