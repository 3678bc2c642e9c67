package dev.mlpipeline.serving.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import weka.core.Instances;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;
import dev.mlpipeline.security.test.ActuatorExposure;
import dev.mlpipeline.security.test.OpenApiContract;
import dev.mlpipeline.security.test.FreshConnections;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving with {@code serving.require-auth=true}: scoring, feedback, health and the
 * model's description need the predictor role, the actuator's probes stay open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "serving.require-auth=true")
class ServingAccessTests {

	private static final String MODEL = "guarded-" + UUID.randomUUID();

	private static final String ROW = "{\"instances\": [{\"sepallength\": 5.1, \"sepalwidth\": 3.5,"
			+ " \"petallength\": 1.4, \"petalwidth\": 0.2}]}";

	private static ModelVersion version;

	private WebTestClient anonymous;

	@Autowired
	private AccessRules rules;

	// a new connection per request (FreshConnections says why)
	@Autowired
	void client(@LocalServerPort int port) {
		this.anonymous = FreshConnections.client(port);
	}

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
		registry.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
		registry.add("serving.model-name", () -> MODEL);
		Instances iris = ModelFixtures.iris();
		TestRegistry mlflow = TestRegistry.connect();
		version = mlflow.register(MODEL, ModelFixtures.train("weka.classifiers.trees.J48", iris), iris);
		mlflow.promote(MODEL, version.version());
	}

	@BeforeEach
	void modelLoaded() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> this.anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
	}

	@Test
	void scoringNeedsThePredictorRole() {
		this.anonymous.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ROW)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists("WWW-Authenticate")
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("predictor");
		signedIn("reader", "reader-pass").post()
			.uri("/invocations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ROW)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("predictor");
		signedIn("scorer", "scorer-pass").post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ROW)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Model-Version", version.version());
	}

	@Test
	void feedbackNeedsThePredictorRoleAndNamesWhoSentIt() {
		String id = "guarded-feedback-" + UUID.randomUUID();
		String body = "{\"requestId\": \"" + id + "\", \"label\": \"Iris-setosa\"}";
		this.anonymous.post()
			.uri("/feedback")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("predictor");
		signedIn("reader", "reader-pass").post()
			.uri("/feedback")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isForbidden();
		signedIn("scorer", "scorer-pass").post()
			.uri("/feedback")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isAccepted();
		List<FeedbackReceived> received = new ArrayList<>();
		try (Consumer<String, Object> consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("guarded-feedback"))) {
			consumer.subscribe(List.of(Topics.FEEDBACK));
			await().atMost(KafkaBroker.recordTimeout()).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (record.value() instanceof FeedbackReceived feedback && id.equals(feedback.requestId())) {
						received.add(feedback);
					}
				});
				return !received.isEmpty();
			});
		}
		assertThat(received).singleElement().satisfies((feedback) -> {
			assertThat(feedback.actor()).isEqualTo("scorer");
			assertThat(feedback.modelName()).isEqualTo(MODEL);
		});
	}

	@Test
	void healthAndTheModelNeedThePredictorRoleButTheProbesDoNot() {
		this.anonymous.get().uri("/health").exchange().expectStatus().isUnauthorized();
		this.anonymous.get().uri("/model").exchange().expectStatus().isUnauthorized();
		signedIn("scorer", "scorer-pass").get().uri("/health").exchange().expectStatus().isOk();
		signedIn("scorer", "scorer-pass").get()
			.uri("/model")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(version.version());
		this.anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void theOpenApiDescriptionIsOpenAndNamesThePredictorRoleTheRulesNowRequire() {
		JsonNode description = OpenApiContract.served(this.anonymous);
		assertThat(OpenApiContract.documentedRole(description, "post", "/predict"))
			.isEqualTo(this.rules.requiredRole(HttpMethod.POST, "/predict").map(PipelineRole::id).orElse(null))
			.isEqualTo("predictor");
		assertThat(OpenApiContract.documentedRole(description, "get", "/models/{name}/health"))
			.isEqualTo(
					this.rules.requiredRole(HttpMethod.GET, "/models/iris/health").map(PipelineRole::id).orElse(null))
			.isEqualTo("predictor");
		assertThat(description.path("paths").path("/predict").path("post").path("responses").has("401")).isTrue();
	}

	@Test
	void theActuatorExposesOnlyHealthInfoAndPrometheus() {
		ActuatorExposure.assertOnlyProbesInfoAndMetrics(this.anonymous, "reader", "reader-pass");
	}

	private WebTestClient signedIn(String user, String password) {
		return this.anonymous.mutate().defaultHeaders((headers) -> headers.setBasicAuth(user, password)).build();
	}

}
