package dev.mlpipeline.serving.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.management.BadAttributeValueExpException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.serving.FaultyMlflow;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.Promotions;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ModelLifecycleTests {

	private static final String J48 = "weka.classifiers.trees.J48";

	private static final String FOREST = "weka.classifiers.trees.RandomForest";

	private static final Instances IRIS = ModelFixtures.iris();

	private static final String ROW = "{\"instances\": [{\"sepallength\": 6.3, \"sepalwidth\": 2.8, "
			+ "\"petallength\": 5.1, \"petalwidth\": 1.5}]}";

	private static final Promotions promotions = new Promotions();

	private final TestRegistry mlflow = TestRegistry.connect();

	private final String model = "lifecycle-" + UUID.randomUUID();

	@AfterAll
	static void closeProducer() {
		promotions.close();
	}

	@Test
	void isLiveButNotReadyUntilTheFirstModelLoads() {
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			awaitNotServing(serving, "no version of " + this.model);
			serving.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			serving.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			serving.client().get().uri("/model").exchange().expectStatus().isEqualTo(503);
			predict(serving).expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("model_unavailable");
			serving.awaitListening();

			ModelVersion v1 = registerAndPromote(J48);
			promotions.announce(v1, null);

			serving.awaitServing(v1.version(), "event");
			serving.client().get().uri("/health").exchange().expectStatus().isOk();
			serving.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		}
	}

	@Test
	void swapsOnAPromotionWhileAConcurrentClientSeesOnlySuccessfulAnswers() throws Exception {
		ModelVersion v1 = registerAndPromote(J48);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			serving.awaitServing(v1.version(), "startup");
			serving.awaitListening();
			LoadClient load = new LoadClient(serving.baseUrl(), 4);
			try {
				await().until(() -> load.answers(v1.version()) >= 20);
				ModelVersion v2 = registerAndPromote(FOREST, "-I", "20");
				promotions.announce(v2, v1.version());
				serving.awaitServing(v2.version(), "event");
				int before = load.answers(v2.version());
				await().until(() -> load.answers(v2.version()) >= before + 20);
			}
			finally {
				load.stop();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(load.versions()).hasSize(2);
			assertThat(serving.count("serving.swaps")).isEqualTo(2);
		}
	}

	@Test
	void keepsServingTheCurrentModelWhenTheNewArtifactIsTampered() {
		ModelVersion v1 = registerAndPromote(J48);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			serving.awaitServing(v1.version(), "startup");
			serving.awaitListening();
			byte[] file = ModelFixtures.modelFile(ModelFixtures.train(FOREST, IRIS, "-I", "5"), IRIS);
			String sha256 = ModelFixtures.sha256(file);
			file[file.length / 2] ^= 1;
			ModelVersion v2 = this.mlflow.register(this.model, file, sha256, ModelFixtures.schemaOf(IRIS), FOREST);
			this.mlflow.promote(this.model, v2.version());
			promotions.announce(v2, v1.version());

			awaitGivenUp(serving, v2, "checksum");
			assertStillServing(serving, v1);
			assertThat(serving.count("serving.swaps.failed", "kind", "checksum")).isEqualTo(3);
		}
	}

	@Test
	void keepsServingTheCurrentModelWhenTheNewOneHoldsAClassOutsideTheAllowList() {
		ModelVersion v1 = registerAndPromote(J48);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			serving.awaitServing(v1.version(), "startup");
			serving.awaitListening();
			byte[] file = ModelFixtures.serialize(new BadAttributeValueExpException("gadget"), new Instances(IRIS, 0));
			ModelVersion v2 = this.mlflow.register(this.model, file, ModelFixtures.sha256(file),
					ModelFixtures.schemaOf(IRIS), J48);
			this.mlflow.promote(this.model, v2.version());
			promotions.announce(v2, v1.version());

			awaitGivenUp(serving, v2, "rejected_class");
			assertStillServing(serving, v1);
			serving.client()
				.get()
				.uri("/model")
				.exchange()
				.expectBody()
				.jsonPath("$.lastLoadError.message")
				.value(String.class,
						(message) -> assertThat(message).contains("javax.management.BadAttributeValueExpException"));
		}
	}

	@Test
	void ignoresStaleDuplicateAndForeignEvents() {
		ModelVersion v1 = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS), IRIS);
		ModelVersion v2 = registerAndPromote(J48, "-C", "0.1");
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			serving.awaitServing(v2.version(), "startup");
			serving.awaitListening();

			promotions.announce(v1, null);
			await().until(() -> serving.count("serving.syncs", "reason", "event", "result", "unchanged") == 1);
			promotions.announce(v2, v1.version());
			await().until(() -> serving.count("serving.syncs", "reason", "event", "result", "unchanged") == 2);
			double foreign = serving.count("serving.events", "outcome", "other-model");
			promotions.announce(new ModelVersion("another-" + this.model, "7", v2.runId(), v2.source(), "READY",
					"Production", v2.tags(), List.of(), null, null), null);
			await().until(() -> serving.count("serving.events", "outcome", "other-model") == foreign + 1);

			assertStillServing(serving, v2);
			assertThat(serving.count("serving.swaps")).isEqualTo(1);
			assertThat(serving.count("serving.syncs", "reason", "event")).isEqualTo(2);
		}
	}

	@Test
	void catchesAPromotionMadeOutsideThePipelineOnTheNextReconcile() {
		ModelVersion v1 = registerAndPromote(J48);
		try (ServingInstance serving = ServingInstance.start(this.model,
				Map.of("serving.reconcile-interval", "300ms"))) {
			serving.awaitServing(v1.version(), "startup");
			ModelVersion v2 = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS, "-U"), IRIS);
			this.mlflow.registry().setAlias(this.model, TestRegistry.ALIAS, v2.version());

			serving.awaitServing(v2.version(), "reconcile");
		}
	}

	@Test
	void loadsTheCurrentProductionVersionOnRestart() {
		ModelVersion v1 = registerAndPromote(J48);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			serving.awaitServing(v1.version(), "startup");
		}
		ModelVersion v2 = registerAndPromote(J48, "-U");
		try (ServingInstance restarted = ServingInstance.start(this.model, Map.of())) {
			restarted.awaitServing(v2.version(), "startup");
		}
	}

	@Test
	void fallsBackToTheStageWhenTheAliasIsUnset() {
		ModelVersion v1 = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS), IRIS);
		this.mlflow.registry().transitionStage(this.model, v1.version(), TestRegistry.STAGE, true);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			serving.awaitServing(v1.version(), "startup");
		}
	}

	@Test
	void keepsTryingWhileMlflowIsUnavailableAtStartup() {
		Assumptions.assumeTrue(MlflowServer.testServer().isPresent(), "needs the in-process MLflow double");
		MlflowTestServer server = MlflowServer.testServer().get();
		ModelVersion v1 = registerAndPromote(J48);
		server.setUnavailable(true);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of("mlflow.tracking.max-attempts", 1))) {
			awaitNotServing(serving, "registry cannot be read");
			serving.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
			serving.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			server.setUnavailable(false);

			serving.awaitServing(v1.version(), "startup");
		}
		finally {
			server.setUnavailable(false);
		}
	}

	@Test
	void startsOnThePreviousChampionWhenTheChampionFailsItsChecksumAndSwapsOnceTheChampionIsFixed() {
		ModelVersion v1 = registerAndPromote(J48);
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(FOREST, IRIS, "-I", "5"), IRIS);
		byte[] tampered = file.clone();
		tampered[tampered.length / 2] ^= 1;
		ModelVersion v2 = this.mlflow.register(this.model, tampered, ModelFixtures.sha256(file),
				ModelFixtures.schemaOf(IRIS), FOREST);
		promoteAsThePromoterDoes(v2, v1);
		try (ServingInstance serving = ServingInstance.start(this.model,
				Map.of("serving.reconcile-interval", "500ms"))) {
			awaitFallback(serving, v1, v2, "checksum");
			assertStillServing(serving, v1);
			serving.client()
				.get()
				.uri("/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP")
				.jsonPath("$.fallback.alias")
				.isEqualTo("previous-champion")
				.jsonPath("$.fallback.version")
				.isEqualTo(v1.version())
				.jsonPath("$.fallback.champion")
				.isEqualTo(v2.version())
				.jsonPath("$.fallback.kind")
				.isEqualTo("checksum")
				.jsonPath("$.fallback.reason")
				.value(String.class, (reason) -> assertThat(reason).containsIgnoringCase("sha-256"));
			serving.client()
				.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
			serving.client()
				.get()
				.uri("/actuator/health")
				.exchange()
				.expectBody()
				.jsonPath("$.components.model.details.fallback.champion")
				.isEqualTo(v2.version());
			assertThat(serving.count("serving.fallbacks", "kind", "checksum")).isEqualTo(1);

			// the operator re-uploads the right file: the next reconcile loads the
			// champion
			this.mlflow.artifacts().upload(runArtifacts(v2), ModelArtifacts.MODEL_FILE, file);

			serving.awaitServing(v2.version(), "reconcile");
			assertNoFallback(serving);
			assertStillServing(serving, v2);
		}
	}

	@Test
	void followsTheChampionWhenTheRegistryMovesItWhileServingTheFallback() {
		ModelVersion v1 = registerAndPromote(J48);
		byte[] gadget = ModelFixtures.serialize(new BadAttributeValueExpException("gadget"), new Instances(IRIS, 0));
		ModelVersion v2 = this.mlflow.register(this.model, gadget, ModelFixtures.sha256(gadget),
				ModelFixtures.schemaOf(IRIS), J48);
		promoteAsThePromoterDoes(v2, v1);
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			awaitFallback(serving, v1, v2, "rejected_class");
			serving.awaitListening();

			ModelVersion v3 = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS, "-U"), IRIS);
			promoteAsThePromoterDoes(v3, v2);
			promotions.announce(v3, v2.version());

			serving.awaitServing(v3.version(), "event");
			assertNoFallback(serving);
			assertStillServing(serving, v3);
		}
	}

	@Test
	void stopsCallingItAFallbackWhenTheChampionIsRolledBackToTheVersionServed() {
		ModelVersion v1 = registerAndPromote(J48);
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(J48, IRIS), IRIS);
		ModelVersion v2 = this.mlflow.register(this.model, file, "0".repeat(64), ModelFixtures.schemaOf(IRIS), J48);
		promoteAsThePromoterDoes(v2, v1);
		try (ServingInstance serving = ServingInstance.start(this.model,
				Map.of("serving.reconcile-interval", "500ms"))) {
			awaitFallback(serving, v1, v2, "checksum");

			promoteAsThePromoterDoes(v1, v2);

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertNoFallback(serving));
			assertStillServing(serving, v1);
			assertThat(serving.count("serving.swaps")).isEqualTo(1);
		}
	}

	@Test
	void staysDownAndSaysWhyWhenThereIsNoPreviousChampionToFallBackTo() {
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(J48, IRIS), IRIS);
		ModelVersion v1 = this.mlflow.register(this.model, file, "0".repeat(64), ModelFixtures.schemaOf(IRIS), J48);
		this.mlflow.promote(this.model, v1.version());
		try (ServingInstance serving = ServingInstance.start(this.model, Map.of())) {
			awaitNotServing(serving, "no version has alias 'previous-champion'");
			serving.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
		}
	}

	@Test
	void doesNotFallBackWhileTheChampionIsOnlyUnreachable() {
		ModelVersion v1 = registerAndPromote(J48);
		ModelVersion v2 = this.mlflow.register(this.model, ModelFixtures.train(J48, IRIS, "-U"), IRIS);
		promoteAsThePromoterDoes(v2, v1);
		try (FaultyMlflow mlflow = new FaultyMlflow()) {
			mlflow.failPathsContaining(v2.runId());
			try (ServingInstance serving = ServingInstance.start(this.model,
					Map.of("mlflow.tracking.uri", mlflow.uri(), "mlflow.tracking.max-attempts", 1))) {
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> serving.client()
						.get()
						.uri("/model")
						.exchange()
						.expectStatus()
						.isEqualTo(503)
						.expectBody()
						.jsonPath("$.lastLoadError.version")
						.isEqualTo(v2.version())
						.jsonPath("$.lastLoadError.kind")
						.isEqualTo("unavailable")
						.jsonPath("$.lastLoadError.attempts")
						.value(Integer.class, (attempts) -> assertThat(attempts).isGreaterThanOrEqualTo(4)));
				serving.client().get().uri("/health").exchange().expectStatus().isEqualTo(503);
				assertThat(serving.count("serving.fallbacks")).isZero();

				mlflow.failPathsContaining(null);

				serving.awaitServing(v2.version(), "startup");
				assertNoFallback(serving);
			}
		}
	}

	private void promoteAsThePromoterDoes(ModelVersion version, ModelVersion replaced) {
		this.mlflow.promote(this.model, version.version());
		this.mlflow.registry().setAlias(this.model, "previous-champion", replaced.version());
	}

	private static String runArtifacts(ModelVersion version) {
		String suffix = "/" + ModelArtifacts.DIRECTORY;
		assertThat(version.source()).endsWith(suffix);
		return version.source().substring(0, version.source().length() - suffix.length());
	}

	private static void awaitFallback(ServingInstance serving, ModelVersion served, ModelVersion champion,
			String kind) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> serving.client()
				.get()
				.uri("/model")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.version")
				.isEqualTo(served.version())
				.jsonPath("$.loadReason")
				.isEqualTo("startup")
				.jsonPath("$.fallback.alias")
				.isEqualTo("previous-champion")
				.jsonPath("$.fallback.version")
				.isEqualTo(served.version())
				.jsonPath("$.fallback.champion")
				.isEqualTo(champion.version())
				.jsonPath("$.fallback.kind")
				.isEqualTo(kind)
				.jsonPath("$.fallback.reason")
				.isNotEmpty()
				.jsonPath("$.lastLoadError.version")
				.isEqualTo(champion.version()));
	}

	private static void assertNoFallback(ServingInstance serving) {
		serving.client().get().uri("/model").exchange().expectBody().jsonPath("$.fallback").doesNotExist();
		serving.client()
			.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.fallback")
			.doesNotExist();
	}

	private ModelVersion registerAndPromote(String algorithm, String... options) {
		ModelVersion version = this.mlflow.register(this.model, ModelFixtures.train(algorithm, IRIS, options), IRIS);
		this.mlflow.promote(this.model, version.version());
		return version;
	}

	private static void awaitNotServing(ServingInstance serving, String reasonPart) {
		await().untilAsserted(() -> serving.client()
			.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.reason")
			.value(String.class, (reason) -> assertThat(reason).contains(reasonPart)));
	}

	private static void awaitGivenUp(ServingInstance serving, ModelVersion version, String kind) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> serving.client()
				.get()
				.uri("/model")
				.exchange()
				.expectBody()
				.jsonPath("$.lastLoadError.version")
				.isEqualTo(version.version())
				.jsonPath("$.lastLoadError.kind")
				.isEqualTo(kind)
				.jsonPath("$.lastLoadError.attempts")
				.isEqualTo(3)
				.jsonPath("$.lastLoadError.retrying")
				.isEqualTo(false));
	}

	private static void assertStillServing(ServingInstance serving, ModelVersion version) {
		serving.client()
			.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.model.version")
			.isEqualTo(version.version());
		predict(serving).expectStatus().isOk().expectHeader().valueEquals("X-Model-Version", version.version());
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec predict(
			ServingInstance serving) {
		return serving.client()
			.post()
			.uri("/predict")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue(ROW)
			.exchange();
	}

	/**
	 * Clients posting predictions in a loop, recording each answer's status and version.
	 */
	private static final class LoadClient {

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();

		private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		private final List<Thread> threads = new ArrayList<>();

		LoadClient(String baseUrl, int clients) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/predict"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(ROW))
				.build();
			for (int i = 0; i < clients; i++) {
				Thread thread = new Thread(() -> {
					while (this.running.get()) {
						try {
							HttpResponse<String> response = this.http.send(request,
									HttpResponse.BodyHandlers.ofString());
							String version = response.headers().firstValue("X-Model-Version").orElse("none");
							if (response.statusCode() != 200 || !response.body().contains("\"label\"")) {
								this.failures.add(response.statusCode() + " " + response.body());
							}
							else {
								this.versions.computeIfAbsent(version, (key) -> new AtomicInteger()).incrementAndGet();
							}
						}
						catch (Exception ex) {
							this.failures.add(ex.toString());
						}
					}
				}, "load-client-" + i);
				thread.start();
				this.threads.add(thread);
			}
		}

		int answers(String version) {
			AtomicInteger count = this.versions.get(version);
			return (count != null) ? count.get() : 0;
		}

		Set<String> versions() {
			return this.versions.keySet();
		}

		List<String> failures() {
			return List.copyOf(this.failures);
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(10_000);
			}
		}

	}

}
