package dev.mlpipeline.serving.predictionlog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import weka.core.Instances;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The prediction log and feedback on a real broker: complete under load, sampled, never
 * in the way of an answer when Kafka is slow or away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PredictionLogApiTests {

	private static final String MODEL = "logged-" + UUID.randomUUID();

	private static final String ROW = "{\"sepallength\": 5.1, \"sepalwidth\": 3.5, \"petallength\": 1.4,"
			+ " \"petalwidth\": 0.2}";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A port nothing listens on: a producer pointed at it waits for metadata. */
	private static final String NO_BROKER = "127.0.0.1:1";

	private static ModelVersion version;

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

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
			.untilAsserted(() -> this.client.get().uri("/health").exchange().expectStatus().isOk());
	}

	@Test
	void everyAnswerOfAConcurrentLoadIsLoggedExactlyOnceUnderItsRequestId() throws Exception {
		int requests = 500;
		List<HttpResponse<String>> answers = concurrently("http://127.0.0.1:" + this.port, requests, Map.of());
		Map<String, String> labels = new HashMap<>();
		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).isEqualTo(200);
			String id = answer.headers().firstValue(RequestIds.REQUEST_ID_HEADER).orElseThrow();
			JsonNode body = JSON.readTree(answer.body());
			assertThat(body.get("requestId").stringValue()).isEqualTo(id);
			labels.put(id, body.get("predictions").get(0).get("label").stringValue());
		}
		assertThat(labels).hasSize(requests);

		List<PredictionLogged> logged = read(Topics.PREDICTIONS, PredictionLogged.class, requests,
				(event) -> labels.containsKey(event.requestId()));

		assertThat(logged).extracting(PredictionLogged::requestId).doesNotHaveDuplicates().hasSize(requests);
		assertThat(logged).allSatisfy((event) -> {
			assertThat(event.modelName()).isEqualTo(MODEL);
			assertThat(event.version()).isEqualTo(version.version());
			assertThat(event.role()).isEqualTo(PredictionLogged.CHAMPION);
			assertThat(event.routingKey()).isEqualTo(event.requestId());
			assertThat(event.errorKind()).isNull();
			assertThat(event.shadow()).isNull();
			assertThat(event.latencyMs()).isPositive();
			assertThat(event.rows()).singleElement()
				.isEqualTo(Map.of("sepallength", 5.1, "sepalwidth", 3.5, "petallength", 1.4, "petalwidth", 0.2));
			assertThat(event.outputs()).singleElement().satisfies((output) -> {
				assertThat(output.label()).isEqualTo(labels.get(event.requestId()));
				assertThat(output.probabilities()).containsKeys("Iris-setosa", "Iris-versicolor", "Iris-virginica");
			});
		});
	}

	@Test
	void aRequestIdGivenIsAnsweredAndLoggedWithTheRoutingKey() throws Exception {
		String id = "client-42.a:b_" + UUID.randomUUID();
		this.client.post()
			.uri("/invocations")
			.contentType(MediaType.APPLICATION_JSON)
			.header(RequestIds.REQUEST_ID_HEADER, id)
			.header(RequestIds.ROUTING_KEY_HEADER, "user-7")
			.bodyValue("{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(RequestIds.REQUEST_ID_HEADER, id)
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(id)
			.jsonPath("$.predictions[0]")
			.isEqualTo("Iris-setosa");

		PredictionLogged event = read(Topics.PREDICTIONS, PredictionLogged.class, 1,
				(logged) -> id.equals(logged.requestId()))
			.get(0);
		assertThat(event.routingKey()).isEqualTo("user-7");
		// named, though the request gave the row by position; the log has the
		// probabilities /invocations does not answer
		assertThat(event.rows()).singleElement()
			.isEqualTo(Map.of("sepallength", 5.1, "sepalwidth", 3.5, "petallength", 1.4, "petalwidth", 0.2));
		assertThat(event.outputs().get(0).label()).isEqualTo("Iris-setosa");
		assertThat(event.outputs().get(0).probabilities()).containsEntry("Iris-setosa", 1.0);
	}

	@Test
	void aMalformedRequestIdIsRefusedNamingTheHeader() {
		for (String bad : List.of("has space", "x".repeat(129), "semi;colon")) {
			this.client.post()
				.uri("/predict")
				.contentType(MediaType.APPLICATION_JSON)
				.header(RequestIds.REQUEST_ID_HEADER, bad)
				.bodyValue("{\"instances\": [" + ROW + "]}")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.doesNotExist(RequestIds.REQUEST_ID_HEADER)
				.expectBody()
				.jsonPath("$.kind")
				.isEqualTo("invalid_request_id")
				.jsonPath("$.field")
				.isEqualTo(RequestIds.REQUEST_ID_HEADER);
		}
		this.client.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.header(RequestIds.REQUEST_ID_HEADER, "x".repeat(128))
			.bodyValue("{\"instances\": [" + ROW + "]}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aRefusedRequestIsAnsweredAndLoggedWithItsErrorKind() {
		String id = "refused-" + UUID.randomUUID();
		this.client.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.header(RequestIds.REQUEST_ID_HEADER, id)
			.bodyValue("{\"instances\": [{\"colour\": 1}]}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.valueEquals(RequestIds.REQUEST_ID_HEADER, id)
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(id);

		PredictionLogged event = read(Topics.PREDICTIONS, PredictionLogged.class, 1,
				(logged) -> id.equals(logged.requestId()))
			.get(0);
		assertThat(event.errorKind()).isEqualTo("unknown_feature");
		assertThat(event.outputs()).isEmpty();
		assertThat(event.version()).isEqualTo(version.version());
	}

	@Test
	void feedbackIsAcceptedOnceKafkaHasIt() {
		String id = "fed-" + UUID.randomUUID();
		feedback("{\"requestId\": \"" + id
				+ "\", \"rows\": [{\"index\": 0, \"label\": \"Iris-setosa\"}, {\"index\": 1, \"label\": \"Iris-virginica\"}]}")
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(id)
			.jsonPath("$.rows")
			.isEqualTo(2);
		feedback("{\"requestId\": \"" + id + "-one\", \"label\": \"Iris-setosa\"}").expectStatus().isAccepted();

		List<FeedbackReceived> received = read(Topics.FEEDBACK, FeedbackReceived.class, 2,
				(feedback) -> feedback.requestId().startsWith(id));
		FeedbackReceived rows = received.stream().filter((f) -> f.requestId().equals(id)).findFirst().orElseThrow();
		assertThat(rows.modelName()).isEqualTo(MODEL);
		assertThat(rows.rows()).containsExactly(new FeedbackReceived.Row(0, "Iris-setosa", null),
				new FeedbackReceived.Row(1, "Iris-virginica", null));
		assertThat(rows.actor()).isNull();
		assertThat(rows.eventId()).isNotBlank();
		assertThat(rows.receivedAt()).isNotNull();
		FeedbackReceived one = received.stream()
			.filter((f) -> f.requestId().equals(id + "-one"))
			.findFirst()
			.orElseThrow();
		assertThat(one.rows()).containsExactly(new FeedbackReceived.Row(0, "Iris-setosa", null));
	}

	@Test
	void feedbackTheModelsClassCannotHaveIsRefusedAndSoIsAModelThisInstanceDoesNotServe() {
		Map<String, String> refused = Map.of(
				"{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"label\": \"Iris-setosa\"}, "
						+ "{\"index\": 1, \"label\": \"Iris-setos\"}]}",
				"rows[1].label unknown_label", "{\"requestId\": \"r\", \"value\": 1.5}", "value wrong_type");
		refused.forEach((body, expected) -> feedback(body).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo(expected.split(" ")[0])
			.jsonPath("$.kind")
			.isEqualTo(expected.split(" ")[1]));
		feedback("{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"label\": \"Iris-setos\"}]}").expectBody()
			.jsonPath("$.message")
			.isEqualTo("rows[0].label 'Iris-setos' is not a class of " + MODEL
					+ " (its classes: Iris-setosa, Iris-versicolor, Iris-virginica)");
		feedback("{\"requestId\": \"r\", \"modelName\": \"not-served\", \"label\": \"a\"}").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unknown_model");
	}

	@Test
	void feedbackOfAnyOtherShapeIsRefusedNamingTheField() {
		Map<String, String> refused = Map.of("{\"rows\": [{\"index\": 0, \"label\": \"a\"}]}", "requestId",
				"{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"label\": \"a\", \"weight\": 1}]}", "rows[0].weight",
				"{\"requestId\": \"r\", \"labels\": [\"a\"]}", "labels");
		refused.forEach((body, field) -> feedback(body).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("invalid_request")
			.jsonPath("$.field")
			.isEqualTo(field));
		feedback("{not json").expectStatus().isBadRequest().expectBody().jsonPath("$.kind").isEqualTo("malformed_json");
		this.client.get().uri("/feedback").exchange().expectStatus().isEqualTo(405);
	}

	@Test
	void atSampleZeroNothingIsLogged() throws Exception {
		String caller = "unsampled-" + UUID.randomUUID();
		try (ServingInstance serving = ServingInstance.start(MODEL, Map.of("serving.prediction-log.sample", "0.0"))) {
			serving.awaitServing(version.version(), "startup");
			List<HttpResponse<String>> answers = concurrently(serving.baseUrl(), 20,
					Map.of(RequestIds.ROUTING_KEY_HEADER, caller));
			assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
			try (Consumer<String, Object> consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("unsampled"))) {
				consumer.subscribe(List.of(Topics.PREDICTIONS));
				await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
					for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
						if (record.value() instanceof PredictionLogged event && caller.equals(event.routingKey())) {
							return false;
						}
					}
					return true;
				});
			}
			assertThat(serving.count("serving.prediction.log.sent")).isZero();
			assertThat(serving.count("serving.prediction.log.dropped")).isZero();
		}
	}

	@Test
	void aStalledBrokerNeverHoldsAnAnswerTheLogDropsAndCountsInstead() throws Exception {
		int requests = 50;
		int buffer = 2;
		// the producer waits for metadata for ten minutes: one record blocks the sender,
		// two fill the buffer, the rest can only be dropped
		try (ServingInstance serving = ServingInstance.start(MODEL, Map.of("spring.kafka.producer.bootstrap-servers",
				NO_BROKER, "serving.prediction-log.buffer", buffer, "serving.prediction-log.send-timeout", "10m"))) {
			serving.awaitServing(version.version(), "startup");
			List<HttpResponse<String>> answers = concurrently(serving.baseUrl(), requests, Map.of());
			assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
			assertThat(serving.count("serving.prediction.log.dropped")).isGreaterThanOrEqualTo(requests - buffer - 1);
			assertThat(serving.count("serving.prediction.log.sent")).isZero();
		}
	}

	@Test
	void sendsThatFailAreCountedAndFeedbackIsRefusedWith503() {
		try (ServingInstance serving = ServingInstance.start(MODEL, Map.of("spring.kafka.producer.bootstrap-servers",
				NO_BROKER, "serving.prediction-log.send-timeout", "200ms"))) {
			serving.awaitServing(version.version(), "startup");
			for (int i = 0; i < 3; i++) {
				serving.client()
					.post()
					.uri("/predict")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"instances\": [" + ROW + "]}")
					.exchange()
					.expectStatus()
					.isOk();
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(serving.count("serving.prediction.log.failed")).isEqualTo(3));
			assertThat(serving.count("serving.prediction.log.dropped")).isZero();
			serving.client()
				.post()
				.uri("/feedback")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"requestId\": \"lost\", \"label\": \"Iris-setosa\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.kind")
				.isEqualTo("kafka_unavailable");
		}
	}

	private static List<HttpResponse<String>> concurrently(String baseUrl, int count, Map<String, String> headers)
			throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/predict"))
				.timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [" + ROW + "]}"));
			headers.forEach(request::header);
			sent.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
		}
		List<HttpResponse<String>> answers = new ArrayList<>(count);
		for (CompletableFuture<HttpResponse<String>> answer : sent) {
			answers.add(answer.get());
		}
		return answers;
	}

	/**
	 * Reads a topic from its start until {@code expected} events match, then returns
	 * every matching one read so far (more than expected is a duplicate).
	 */
	private static <T> List<T> read(String topic, Class<T> type, int expected, Predicate<T> matches) {
		List<T> found = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		try (Consumer<String, Object> consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("prediction-log"))) {
			consumer.subscribe(List.of(topic));
			await().atMost(KafkaBroker.recordTimeout()).until(() -> {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
					if (type.isInstance(record.value()) && matches.test(type.cast(record.value()))) {
						assertThat(record.key()).isEqualTo(MODEL);
						seen.add(record.topic() + "/" + record.partition() + "/" + record.offset());
						found.add(type.cast(record.value()));
					}
				}
				return found.size() >= expected;
			});
		}
		assertThat(seen).hasSameSizeAs(found);
		return found;
	}

	private WebTestClient.ResponseSpec feedback(String body) {
		return this.client.post().uri("/feedback").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

}
