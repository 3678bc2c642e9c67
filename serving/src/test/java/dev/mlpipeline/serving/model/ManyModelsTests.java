package dev.mlpipeline.serving.model;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import org.springframework.http.MediaType;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.Promotions;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One serving process with {@code serving.models} naming two models: each is loaded,
 * swapped and reported on its own, the first stays what the old endpoints answer for.
 */
class ManyModelsTests {

	private static final Instances IRIS = ModelFixtures.iris();

	private static final String ROW = "{\"instances\": [{\"sepallength\": 6.3, \"sepalwidth\": 2.8, "
			+ "\"petallength\": 5.1, \"petalwidth\": 1.5}]}";

	private static final Promotions promotions = new Promotions();

	private final TestRegistry mlflow = TestRegistry.connect();

	private final String first = "first-" + UUID.randomUUID();

	private final String second = "second-" + UUID.randomUUID();

	@AfterAll
	static void closeProducer() {
		promotions.close();
	}

	@Test
	void eachModelIsServedUnderItsNameAndTheFirstUnderTheOldPaths() {
		ModelVersion a = registerAndPromote(this.first, "weka.classifiers.trees.J48");
		ModelVersion b1 = registerAndPromote(this.second, "weka.classifiers.bayes.NaiveBayes");
		ModelVersion b2 = registerAndPromote(this.second, "weka.classifiers.trees.J48");
		try (ServingInstance serving = start()) {
			awaitModel(serving, this.second, b2.version());
			serving.awaitServing(a.version(), "startup");
			predict(serving, "/predict", a, this.first);
			predict(serving, "/invocations", a, null);
			predict(serving, "/models/" + this.second + "/predict", b2, this.second);
			predict(serving, "/models/" + this.second + "/invocations", b2, null);
			predict(serving, "/models/" + this.first + "/predict", a, this.first);
			serving.client()
				.get()
				.uri("/models/" + this.second)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.name")
				.isEqualTo(this.second)
				.jsonPath("$.algorithm")
				.isEqualTo("weka.classifiers.trees.J48");
			serving.client()
				.get()
				.uri("/health")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.model.name")
				.isEqualTo(this.first)
				.jsonPath("$.models[0].name")
				.isEqualTo(this.first)
				.jsonPath("$.models[1].model.version")
				.isEqualTo(b2.version());
			serving.client()
				.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.components.model.details.models." + this.second + ".details.version")
				.isEqualTo(b2.version());
			assertThat(b1.version()).isNotEqualTo(b2.version());
		}
	}

	@Test
	void aPromotionOfOneModelSwapsThatModelAlone() {
		ModelVersion a = registerAndPromote(this.first, "weka.classifiers.trees.J48");
		ModelVersion b1 = registerAndPromote(this.second, "weka.classifiers.trees.J48");
		try (ServingInstance serving = start()) {
			awaitModel(serving, this.second, b1.version());
			serving.awaitListening();
			ModelVersion b2 = registerAndPromote(this.second, "weka.classifiers.bayes.NaiveBayes");
			promotions.announce(b2, b1.version());
			awaitModel(serving, this.second, b2.version());
			serving.client()
				.get()
				.uri("/models/" + this.second)
				.exchange()
				.expectBody()
				.jsonPath("$.loadReason")
				.isEqualTo("event");
			serving.awaitServing(a.version(), "startup");
			assertThat(serving.count("serving.swaps", "model", this.second)).isEqualTo(2);
			assertThat(serving.count("serving.swaps", "model", this.first)).isEqualTo(1);
		}
	}

	@Test
	void aModelWithoutAChampionIsDownOnItsOwnWhileTheOthersServe() {
		ModelVersion a = registerAndPromote(this.first, "weka.classifiers.trees.J48");
		try (ServingInstance serving = start()) {
			serving.awaitServing(a.version(), "startup");
			predict(serving, "/predict", a, this.first);
			await().untilAsserted(() -> serving.client()
				.get()
				.uri("/health")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("DOWN")
				.jsonPath("$.reason")
				.value((reason) -> assertThat((String) reason).startsWith("model " + this.second + ": no version of "))
				.jsonPath("$.model.version")
				.isEqualTo(a.version()));
			serving.client().get().uri("/models/" + this.first + "/health").exchange().expectStatus().isOk();
			serving.client().get().uri("/models/" + this.second + "/health").exchange().expectStatus().isEqualTo(503);
			serving.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
			serving.client()
				.post()
				.uri("/models/" + this.second + "/predict")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(ROW)
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("model_unavailable");
		}
	}

	@Test
	void aModelThisInstanceDoesNotServeIsA404WithAJsonBody() {
		ModelVersion a = registerAndPromote(this.first, "weka.classifiers.trees.J48");
		try (ServingInstance serving = start()) {
			serving.awaitServing(a.version(), "startup");
			for (String path : new String[] { "/models/nobody", "/models/nobody/health" }) {
				serving.client()
					.get()
					.uri(path)
					.exchange()
					.expectStatus()
					.isNotFound()
					.expectBody()
					.jsonPath("$.error")
					.isEqualTo("unknown_model")
					.jsonPath("$.message")
					.isEqualTo("this instance does not serve a model named 'nobody'");
			}
			serving.client()
				.post()
				.uri("/models/nobody/predict")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(ROW)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("unknown_model");
			serving.client().get().uri("/models/" + this.first + "/predict").exchange().expectStatus().isEqualTo(405);
		}
	}

	private ServingInstance start() {
		return ServingInstance.start(this.first, Map.of("serving.models", this.first + "," + this.second));
	}

	private ModelVersion registerAndPromote(String model, String algorithm) {
		ModelVersion version = this.mlflow.register(model, ModelFixtures.train(algorithm, IRIS), IRIS);
		this.mlflow.promote(model, version.version());
		return version;
	}

	private static void predict(ServingInstance serving, String path, ModelVersion version, String name) {
		var body = serving.client()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ROW)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Model-Version", version.version())
			.expectBody();
		if (name != null) {
			body.jsonPath("$.model.name").isEqualTo(name).jsonPath("$.model.version").isEqualTo(version.version());
		}
	}

	private static void awaitModel(ServingInstance serving, String model, String version) {
		await().untilAsserted(() -> serving.client()
			.get()
			.uri("/models/" + model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(version));
	}

}
