package dev.mlpipeline.serving.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A challenger beside the champion, named by the alias {@code challenger} and its
 * {@code rollout} tag: a shadow scores every request off its path and answers none, a
 * canary answers its share of routing keys, always the same ones, and neither ever
 * changes what the champion answers.
 */
class ChallengerTests {

	private static final String J48 = "weka.classifiers.trees.J48";

	private static final String BAYES = "weka.classifiers.bayes.NaiveBayes";

	private static final Instances IRIS = ModelFixtures.iris();

	private static final String ROW = "{\"instances\": [{\"sepallength\": 6.3, \"sepalwidth\": 2.8, "
			+ "\"petallength\": 5.1, \"petalwidth\": 1.5}]}";

	private final TestRegistry mlflow = TestRegistry.connect();

	private final String model = "challenged-" + UUID.randomUUID();

	@Test
	void aShadowScoresEveryRequestTheChampionAnswers() {
		ModelVersion champion = champion();
		ModelVersion shadow = challenger("shadow");
		try (ServingInstance serving = start()) {
			awaitChallenger(serving, shadow, "shadow");
			for (int i = 0; i < 50; i++) {
				EntityExchangeResult<byte[]> answer = predict(serving, "caller-" + i);
				assertThat(answer.getResponseHeaders().getFirst("X-Model-Version")).isEqualTo(champion.version());
				assertThat(answer.getResponseHeaders().getFirst("X-Model-Role")).isEqualTo("champion");
			}
			await().until(() -> serving.count("serving.shadow.requests", "version", shadow.version(), "outcome",
					"scored") == 50);
			assertThat(serving.count("serving.shadow.requests", "outcome", "dropped")).isZero();
			// each answer logged once, the shadow's output for the same row beside the
			// champion's
			List<PredictionLogged> logged = logged(50);
			assertThat(logged).extracting(PredictionLogged::requestId).doesNotHaveDuplicates();
			assertThat(logged).allSatisfy((event) -> {
				assertThat(event.version()).isEqualTo(champion.version());
				assertThat(event.role()).isEqualTo("champion");
				assertThat(event.shadow().version()).isEqualTo(shadow.version());
				assertThat(event.shadow().outputs()).hasSize(1);
			});
		}
	}

	@Test
	void aCanaryAnswersItsShareOfRoutingKeysAndAKeyAlwaysGetsTheSameVersion() {
		ModelVersion champion = champion();
		ModelVersion canary = challenger("canary:20");
		try (ServingInstance serving = start()) {
			awaitChallenger(serving, canary, "canary:20");
			int byChallenger = 0;
			for (int i = 0; i < 2_000; i++) {
				EntityExchangeResult<byte[]> answer = predict(serving, UUID.randomUUID().toString());
				String version = answer.getResponseHeaders().getFirst("X-Model-Version");
				String role = answer.getResponseHeaders().getFirst("X-Model-Role");
				if (canary.version().equals(version)) {
					assertThat(role).isEqualTo("challenger");
					byChallenger++;
				}
				else {
					assertThat(version).isEqualTo(champion.version());
					assertThat(role).isEqualTo("champion");
				}
			}
			// 20 % of 2,000 random keys: 400, three standard deviations about 54
			assertThat(byChallenger).isBetween(340, 460);
			List<PredictionLogged> logged = logged(2_000);
			assertThat(logged.stream().filter((event) -> event.role().equals("challenger"))).hasSize(byChallenger)
				.allSatisfy((event) -> assertThat(event.version()).isEqualTo(canary.version()));
			Map<String, String> seen = new HashMap<>();
			for (int round = 0; round < 5; round++) {
				for (int key = 0; key < 40; key++) {
					String version = predict(serving, "sticky-" + key).getResponseHeaders().getFirst("X-Model-Version");
					assertThat(seen.computeIfAbsent("sticky-" + key, (k) -> version)).isEqualTo(version);
				}
			}
			assertThat(seen.values()).contains(champion.version(), canary.version());
			serving.client()
				.post()
				.uri("/predict")
				.contentType(MediaType.APPLICATION_JSON)
				.header("X-Routing-Key", "sticky-0")
				.bodyValue(ROW)
				.exchange()
				.expectBody()
				.jsonPath("$.model.role")
				.isEqualTo(canary.version().equals(seen.get("sticky-0")) ? "challenger" : "champion");
		}
	}

	@Test
	void removingTheAliasOrChangingTheRolloutTakesEffectOnTheNextReadWithoutAFailedRequest() {
		ModelVersion champion = champion();
		ModelVersion challenger = challenger("canary:100");
		try (ServingInstance serving = start()) {
			awaitChallenger(serving, challenger, "canary:100");
			assertThat(predict(serving, "a").getResponseHeaders().getFirst("X-Model-Version"))
				.isEqualTo(challenger.version());
			this.mlflow.registry().setModelVersionTag(this.model, challenger.version(), "rollout", "shadow");
			awaitChallenger(serving, challenger, "shadow");
			assertThat(predict(serving, "a").getResponseHeaders().getFirst("X-Model-Version"))
				.isEqualTo(champion.version());
			this.mlflow.registry().deleteAlias(this.model, "challenger");
			await().untilAsserted(() -> serving.client()
				.get()
				.uri("/model")
				.exchange()
				.expectBody()
				.jsonPath("$.challenger")
				.doesNotExist());
			assertThat(predict(serving, "a").getResponseHeaders().getFirst("X-Model-Role")).isEqualTo("champion");
		}
	}

	@Test
	void aChallengerThatCannotBeServedNeverTouchesTheChampion() {
		ModelVersion champion = champion();
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(BAYES, IRIS), IRIS);
		String sha256 = ModelFixtures.sha256(file);
		file[file.length / 2] ^= 1;
		ModelVersion tampered = this.mlflow.register(this.model, file, sha256, ModelFixtures.schemaOf(IRIS), BAYES);
		this.mlflow.registry().setModelVersionTag(this.model, tampered.version(), "rollout", "canary:100");
		this.mlflow.registry().setAlias(this.model, "challenger", tampered.version());
		try (ServingInstance serving = start()) {
			awaitChallengerError(serving, tampered, "checksum");
			assertThat(predict(serving, "a").getResponseHeaders().getFirst("X-Model-Version"))
				.isEqualTo(champion.version());
			ModelVersion untagged = this.mlflow.register(this.model, ModelFixtures.train(BAYES, IRIS), IRIS);
			this.mlflow.registry().setAlias(this.model, "challenger", untagged.version());
			awaitChallengerError(serving, untagged, "rollout");
			assertThat(predict(serving, "a").getResponseHeaders().getFirst("X-Model-Version"))
				.isEqualTo(champion.version());
			assertThat(serving.count("serving.challenger.failed", "kind", "checksum")).isPositive();
		}
	}

	/** The prediction log's records of this test's model, read from the start. */
	private List<PredictionLogged> logged(int expected) {
		List<PredictionLogged> found = new ArrayList<>();
		try (Consumer<String, Object> consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("challenger-log"))) {
			consumer.subscribe(List.of(Topics.PREDICTIONS));
			await().atMost(KafkaBroker.recordTimeout()).until(() -> {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.value() instanceof PredictionLogged event && this.model.equals(event.modelName())) {
						found.add(event);
					}
				}
				return found.size() >= expected;
			});
		}
		assertThat(found).hasSize(expected);
		return found;
	}

	private ServingInstance start() {
		return ServingInstance.start(this.model, Map.of("serving.reconcile-interval", "300ms"));
	}

	private ModelVersion champion() {
		ModelVersion version = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS), IRIS);
		this.mlflow.promote(this.model, version.version());
		return version;
	}

	private ModelVersion challenger(String rollout) {
		ModelVersion version = this.mlflow.register(this.model, ModelFixtures.train(BAYES, IRIS), IRIS);
		this.mlflow.registry().setModelVersionTag(this.model, version.version(), "rollout", rollout);
		this.mlflow.registry().setAlias(this.model, "challenger", version.version());
		return version;
	}

	private static EntityExchangeResult<byte[]> predict(ServingInstance serving, String routingKey) {
		return serving.client()
			.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Routing-Key", routingKey)
			.bodyValue(ROW)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
	}

	private static void awaitChallenger(ServingInstance serving, ModelVersion version, String rollout) {
		await().untilAsserted(() -> serving.client()
			.get()
			.uri("/model")
			.exchange()
			.expectBody()
			.jsonPath("$.challenger.version")
			.isEqualTo(version.version())
			.jsonPath("$.challenger.rollout")
			.isEqualTo(rollout));
	}

	private static void awaitChallengerError(ServingInstance serving, ModelVersion version, String kind) {
		await().untilAsserted(() -> serving.client()
			.get()
			.uri("/model")
			.exchange()
			.expectBody()
			.jsonPath("$.challenger")
			.doesNotExist()
			.jsonPath("$.challengerLoadError.version")
			.isEqualTo(version.version())
			.jsonPath("$.challengerLoadError.kind")
			.isEqualTo(kind));
	}

}
