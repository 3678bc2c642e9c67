package dev.mlpipeline.serving.prediction;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import weka.classifiers.Classifier;
import weka.core.Instance;
import weka.core.Instances;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "serving.max-batch-size=200", "spring.http.codecs.max-in-memory-size=64KB" })
@AutoConfigureWebTestClient
class PredictionApiTests {

	private static final String MODEL = "api-" + UUID.randomUUID();

	private static final Instances IRIS = ModelFixtures.iris();

	private static final Classifier J48 = ModelFixtures.train("weka.classifiers.trees.J48", IRIS);

	private static ModelVersion version;

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
		registry.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
		registry.add("serving.model-name", () -> MODEL);
		TestRegistry mlflow = TestRegistry.connect();
		version = mlflow.register(MODEL, J48, IRIS);
		mlflow.promote(MODEL, version.version());
	}

	@BeforeEach
	void modelLoaded() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.client.get().uri("/health").exchange().expectStatus().isOk());
	}

	@Test
	void predictsWhatWekaPredictsForEveryIrisRow() throws Exception {
		StringBuilder body = new StringBuilder("{\"instances\": [");
		for (int i = 0; i < IRIS.numInstances(); i++) {
			body.append((i > 0) ? "," : "").append(row(IRIS.instance(i)));
		}
		body.append("]}");

		JsonNode answer = this.client.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Model-Version", version.version())
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer.get("model").get("name").stringValue()).isEqualTo(MODEL);
		assertThat(answer.get("model").get("version").stringValue()).isEqualTo(version.version());
		JsonNode predictions = answer.get("predictions");
		assertThat(predictions.size()).isEqualTo(IRIS.numInstances());
		for (int i = 0; i < IRIS.numInstances(); i++) {
			Instance instance = IRIS.instance(i);
			double[] expected = J48.distributionForInstance(instance);
			String label = IRIS.classAttribute().value((int) J48.classifyInstance(instance));
			assertThat(predictions.get(i).get("label").stringValue()).isEqualTo(label);
			for (int c = 0; c < expected.length; c++) {
				assertThat(predictions.get(i).get("probabilities").get(IRIS.classAttribute().value(c)).doubleValue())
					.isEqualTo(expected[c]);
			}
		}
	}

	@Test
	void answersMlflowClientsInEachOfTheirInputFormats() throws Exception {
		Instance first = IRIS.instance(0);
		Instance last = IRIS.instance(149);
		List<String> expected = List.of(IRIS.classAttribute().value((int) J48.classifyInstance(first)),
				IRIS.classAttribute().value((int) J48.classifyInstance(last)));
		List<String> bodies = List.of("{\"dataframe_records\": [" + row(first) + "," + row(last) + "]}",
				"{\"dataframe_split\": {\"columns\": [\"sepallength\", \"sepalwidth\", \"petallength\", \"petalwidth\"],"
						+ " \"data\": [" + values(first) + "," + values(last) + "]}}",
				"{\"instances\": [" + row(first) + "," + row(last) + "]}",
				"{\"inputs\": [" + values(first) + "," + values(last) + "]}");
		for (String body : bodies) {
			JsonNode answer = this.client.post()
				.uri("/invocations")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JsonNode.class)
				.returnResult()
				.getResponseBody();
			assertThat(answer.get("predictions").values()).map(JsonNode::stringValue)
				.as(body)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void answersEachKindOfBadInputWithA4xxNamingTheFault() {
		String good = row(IRIS.instance(0));
		refused("{\"instances\": [" + good + ", {\"sepallength\": 1, \"sepalwidth\": 1, \"petallength\": 1,"
				+ " \"petalwidth\": 1, \"colour\": 1}]}", 400, "unknown_feature", 1, "colour");
		refused("{\"instances\": [{\"sepallength\": 1, \"sepalwidth\": 1, \"petallength\": 1}]}", 400,
				"missing_feature", 0, "petalwidth");
		refused("{\"instances\": [" + good.replace("\"petalwidth\":", "\"petalwidth\": \"wide\", \"x\":") + "]}", 400,
				"wrong_type", 0, "petalwidth");
		refused("{\"instances\": []}", 400, "empty_batch", null, null);
		refused("{\"instances\": [" + (good + ",").repeat(200) + good + "]}", 413, "batch_too_large", null, null);
		refused("{\"instances\": [" + (good + ",").repeat(1000) + good + "]}", 413, "body_too_large", null, null);
		refused("{\"instances\": [", 400, "malformed_json", null, null);
		this.client.post()
			.uri("/predict")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(good)
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unsupported_media_type");
	}

	@Test
	void answersANumberBeyondTheRangeOfADoubleWithA400NamingItsRowAndField() throws Exception {
		String good = row(IRIS.instance(0));
		String huge = "9".repeat(309);
		String bad = good.replace("\"petalwidth\": " + IRIS.instance(0).value(3), "\"petalwidth\": " + huge);
		Map<String, String> bodies = Map.of("/predict", "{\"instances\": [" + good + ", " + bad + "]}", "/invocations",
				"{\"dataframe_split\": {\"columns\": [\"sepallength\", \"sepalwidth\","
						+ " \"petallength\", \"petalwidth\"], \"data\": [" + values(IRIS.instance(0)) + ", [1, 1, 1, -"
						+ huge + "]]}}");
		for (Map.Entry<String, String> request : bodies.entrySet()) {
			HttpResponse<String> answer = post(request.getKey(), "application/json", request.getValue());
			assertThat(answer.statusCode()).as(request.getKey()).isEqualTo(400);
			JsonNode error = JsonMapper.builder().build().readTree(answer.body());
			assertThat(error.get("error").stringValue()).isEqualTo("invalid_request");
			assertThat(error.get("kind").stringValue()).isEqualTo("out_of_range");
			assertThat(error.get("row").intValue()).isEqualTo(1);
			assertThat(error.get("field").stringValue()).isEqualTo("petalwidth");
			assertThat(error.get("message").stringValue()).contains("row 1", "petalwidth").doesNotContain(huge);
		}
	}

	@Test
	void answersAContentTypeThatIsUnparsableOrNotJsonWith415NamingTheAcceptedType() throws Exception {
		String body = "{\"instances\": [" + row(IRIS.instance(0)) + "]}";
		for (String path : List.of("/predict", "/invocations")) {
			for (String type : List.of("x", "application/", "application/json; charset=\"", "text/plain", "text/csv",
					"application/xml", "application/*", "*/*")) {
				HttpResponse<String> answer = post(path, type, body);
				assertThat(answer.statusCode()).as(path + " " + type).isEqualTo(415);
				assertThat(answer.headers().firstValue("Content-Type"))
					.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
				assertThat(answer.headers().firstValue("Accept")).contains("application/json");
				JsonNode error = JsonMapper.builder().build().readTree(answer.body());
				assertThat(error.get("error").stringValue()).isEqualTo("unsupported_media_type");
				assertThat(error.get("accepted").stringValue()).isEqualTo("application/json");
				assertThat(error.get("message").stringValue()).contains("application/json");
			}
			for (String type : List.of("application/json", "application/json; charset=UTF-8",
					"application/vnd.mlflow+json")) {
				assertThat(post(path, type, body).statusCode()).as(path + " " + type).isEqualTo(200);
			}
		}
	}

	@Test
	void describesTheServedModel() {
		this.client.get()
			.uri("/model")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(MODEL)
			.jsonPath("$.version")
			.isEqualTo(version.version())
			.jsonPath("$.runId")
			.isEqualTo(version.runId())
			.jsonPath("$.algorithm")
			.isEqualTo("weka.classifiers.trees.J48")
			.jsonPath("$.metrics.accuracy")
			.isEqualTo(0.96)
			.jsonPath("$.sha256")
			.isEqualTo(version.tags().get("sha256"))
			.jsonPath("$.schema.features[0].name")
			.isEqualTo("sepallength")
			.jsonPath("$.loadReason")
			.isEqualTo("startup")
			.jsonPath("$.loadedAt")
			.exists();
	}

	@Test
	void reportsHealthAndReadinessWithTheModel() {
		this.client.get()
			.uri("/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.model.version")
			.isEqualTo(version.version());
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void exposesPredictionAndModelMetricsToPrometheus() {
		this.client.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"instances\": [" + row(IRIS.instance(0)) + "]}")
			.exchange()
			.expectStatus()
			.isOk();
		refused("{\"instances\": []}", 400, "empty_batch", null, null);
		// the client shares the server's small codec limit set for the body-size test
		String metrics = this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("serving_predictions_total", "serving_prediction_latency_seconds_bucket",
				"serving_errors_total{", "kind=\"empty_batch\"", "serving_model_version{", "serving_swaps_total",
				"serving_swap_duration_seconds");
	}

	/** A request as any client may send it, content type unchecked. */
	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private void refused(String body, int status, String kind, Integer row, String field) {
		WebTestClient.BodyContentSpec answer = this.client.post()
			.uri("/predict")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody()
			.jsonPath("$.kind")
			.isEqualTo(kind)
			.jsonPath("$.message")
			.exists();
		if (row != null) {
			answer.jsonPath("$.row").isEqualTo(row).jsonPath("$.field").isEqualTo(field);
		}
	}

	static String row(Instance instance) {
		return "{\"sepallength\": " + instance.value(0) + ", \"sepalwidth\": " + instance.value(1)
				+ ", \"petallength\": " + instance.value(2) + ", \"petalwidth\": " + instance.value(3) + "}";
	}

	private static String values(Instance instance) {
		return "[" + instance.value(0) + ", " + instance.value(1) + ", " + instance.value(2) + ", " + instance.value(3)
				+ "]";
	}

}
