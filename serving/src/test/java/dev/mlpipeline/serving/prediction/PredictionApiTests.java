package dev.mlpipeline.serving.prediction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
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
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;
import dev.mlpipeline.security.test.OpenApiContract;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.RawConnection;
import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.TestRegistry;
import dev.mlpipeline.tracing.TracingSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "serving.max-batch-size=200", "serving.max-body-bytes=64KB", "serving.max-discard-bytes=12MB" })
@AutoConfigureWebTestClient
class PredictionApiTests {

	private static final String MODEL = "api-" + UUID.randomUUID();

	private static final Instances IRIS = ModelFixtures.iris();

	private static final Classifier J48 = ModelFixtures.train("weka.classifiers.trees.J48", IRIS);

	private static final int MAX_DISCARD_BYTES = 12 * 1024 * 1024;

	private static ModelVersion version;

	private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Autowired
	private WebTestClient client;

	@Autowired
	private Environment environment;

	@Autowired
	private ServingProperties properties;

	@Autowired
	private AccessRules rules;

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

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
	void withoutATracingEndpointNoRequestGetsASpanNotEvenAnUnsampledOne() throws Exception {
		// no MANAGEMENT_OTLP_TRACING_ENDPOINT here: Boot's tracing auto-configurations
		// are
		// left out, so no tracing handler sits on the observations of /predict
		assertThat(this.context.getBeanNamesForType(TracingObservationHandler.class)).isEmpty();
		assertThat(this.context.getBeanProvider(Tracer.class).getIfAvailable(() -> Tracer.NOOP)).isSameAs(Tracer.NOOP);
		// and each class left out is one of Boot's auto-configurations on this classpath
		// (a renamed one would silently stay in)
		List<String> known = new ArrayList<>();
		Enumeration<URL> lists = getClass().getClassLoader()
			.getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		while (lists.hasMoreElements()) {
			try (InputStream in = lists.nextElement().openStream()) {
				known.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
			}
		}
		assertThat(known).containsAll(TracingSettings.TRACING_AUTO_CONFIGURATIONS);
	}

	@Test
	void theServedOpenApiDescriptionIsTheCheckedInOneWithTheRolesTheAccessRulesName() {
		JsonNode description = OpenApiContract.assertServedIsCheckedIn(this.client, "serving");
		// open by default: no role, as the rules say
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/predict")).isEmpty();
		assertThat(OpenApiContract.documentedRole(description, "post", "/predict")).isNull();
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/models/iris/invocations")).isEmpty();
		assertThat(OpenApiContract.documentedRole(description, "post", "/models/{name}/invocations")).isNull();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/health")).isEmpty();
		assertThat(OpenApiContract.documentedRole(description, "get", "/health")).isNull();
		assertThat(description.path("paths").path("/predict").path("post").path("security").isEmpty()).isTrue();
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
		for (String huge : List.of("9".repeat(309), "1e999")) {
			String bad = good.replace("\"petalwidth\": " + IRIS.instance(0).value(3), "\"petalwidth\": " + huge);
			Map<String, String> bodies = Map.of("/predict", "{\"instances\": [" + good + ", " + bad + "]}",
					"/invocations",
					"{\"dataframe_split\": {\"columns\": [\"sepallength\", \"sepalwidth\","
							+ " \"petallength\", \"petalwidth\"], \"data\": [" + values(IRIS.instance(0))
							+ ", [1, 1, 1, -" + huge + "]]}}");
			for (Map.Entry<String, String> request : bodies.entrySet()) {
				HttpResponse<String> answer = post(request.getKey(), "application/json", request.getValue());
				assertThat(answer.statusCode()).as(request.getKey() + " " + huge).isEqualTo(400);
				JsonNode error = JsonMapper.builder().build().readTree(answer.body());
				assertThat(error.get("error").stringValue()).isEqualTo("invalid_request");
				assertThat(error.get("kind").stringValue()).isEqualTo("out_of_range");
				assertThat(error.get("row").intValue()).isEqualTo(1);
				assertThat(error.get("field").stringValue()).isEqualTo("petalwidth");
				assertThat(error.get("message").stringValue()).contains("row 1", "petalwidth").doesNotContain(huge);
			}
		}
	}

	@Test
	void answersABodyTooLargeWithA413AClientWritingTheWholeBodyBeforeReadingCanRead() throws Exception {
		String good = row(IRIS.instance(0));
		StringBuilder json = new StringBuilder("{\"instances\": [");
		for (int i = 0; i < 100_000; i++) {
			json.append((i > 0) ? "," : "").append(good);
		}
		byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
		assertThat(body.length).isGreaterThan(7_000_000).isLessThan(MAX_DISCARD_BYTES);
		// Python's urllib sends Connection: close; requests and most others keep the
		// connection alive
		for (String path : List.of("/predict", "/invocations")) {
			for (boolean keepAlive : List.of(true, false)) {
				try (RawConnection connection = RawConnection.open(this.port)) {
					connection.write(RawConnection.head("POST", path, "Content-Type: application/json",
							"Content-Length: " + body.length,
							keepAlive ? "Connection: keep-alive" : "Connection: close"));
					connection.write(body);
					RawConnection.Response answer = connection.read();
					assertThat(answer.status()).as(path + " keep-alive " + keepAlive).isEqualTo(413);
					assertThat(answer.body()).contains("\"kind\":\"body_too_large\"");
					if (keepAlive) {
						// the whole body was read, so the connection serves the next
						// request
						connection.write(RawConnection.head("GET", "/health"));
						assertThat(connection.read().status()).isEqualTo(200);
					}
				}
			}
		}
		// no length announced: the body is counted as it comes
		try (RawConnection connection = RawConnection.open(this.port)) {
			connection.write(RawConnection.head("POST", "/predict", "Content-Type: application/json",
					"Transfer-Encoding: chunked"));
			connection.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			connection.write(body);
			connection.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(connection.read().status()).isEqualTo(413);
		}
	}

	@Test
	void answersABodyBeyondTheDiscardBoundOrAwaiting100ContinueWith413AtOnceAndCloses() throws Exception {
		for (String length : List.of("Content-Length: " + (MAX_DISCARD_BYTES + 1), "Content-Length: 1000000")) {
			try (RawConnection connection = RawConnection.open(this.port)) {
				List<String> headers = new ArrayList<>(List.of("Content-Type: application/json", length));
				if (length.endsWith("1000000")) {
					headers.add("Expect: 100-continue");
				}
				connection.write(RawConnection.head("POST", "/predict", headers.toArray(String[]::new)));
				RawConnection.Response answer = connection.read();
				assertThat(answer.statusLine()).as(length).startsWith("HTTP/1.1 413");
				assertThat(answer.header("Connection")).isEqualTo("close");
				assertThat(answer.body()).contains("\"kind\":\"body_too_large\"");
				await().atMost(Duration.ofSeconds(10)).until(connection::closedByServer);
			}
		}
	}

	@Test
	void decodesAGzipBodyWithinTheSameLimitAndRefusesOtherEncodingsWith415() throws Exception {
		String body = "{\"instances\": [" + row(IRIS.instance(0)) + "]}";
		String label = IRIS.classAttribute().value((int) J48.classifyInstance(IRIS.instance(0)));
		for (String path : List.of("/predict", "/invocations")) {
			HttpResponse<String> answer = post(path, "gzip", gzip(body.getBytes(StandardCharsets.UTF_8)));
			assertThat(answer.statusCode()).as(path).isEqualTo(200);
			assertThat(answer.body()).contains(label);

			// 10 MB of JSON whitespace in a few kilobytes: decoded, it is over the limit
			byte[] bomb = gzip(
					("{\"instances\": [" + " ".repeat(10 * 1024 * 1024) + "]}").getBytes(StandardCharsets.UTF_8));
			assertThat(bomb.length).isLessThan(64 * 1024);
			answer = post(path, "gzip", bomb);
			assertThat(answer.statusCode()).as(path).isEqualTo(413);
			assertThat(answer.body()).contains("\"kind\":\"body_too_large\"");

			answer = post(path, "gzip", body.getBytes(StandardCharsets.UTF_8));
			assertThat(answer.statusCode()).as(path).isEqualTo(400);
			assertThat(answer.body()).contains("\"kind\":\"malformed_encoding\"");

			for (String encoding : List.of("br", "deflate", "compress", "gzip, br", "x")) {
				answer = post(path, encoding, body.getBytes(StandardCharsets.UTF_8));
				assertThat(answer.statusCode()).as(path + " " + encoding).isEqualTo(415);
				assertThat(answer.headers().firstValue("Accept-Encoding")).contains("gzip");
				JsonNode error = JsonMapper.builder().build().readTree(answer.body());
				assertThat(error.get("kind").stringValue()).isEqualTo("unsupported_encoding");
				assertThat(error.get("acceptedEncodings").stringValue()).isEqualTo("gzip");
			}
			assertThat(post(path, "identity", body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void answersAMethodARouteDoesNotTakeWith405NamingTheAllowedOnes() throws Exception {
		Map<String, String> routes = Map.of("/predict", "POST", "/invocations", "POST", "/health", "GET, HEAD",
				"/model", "GET, HEAD");
		for (Map.Entry<String, String> route : routes.entrySet()) {
			for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH")) {
				if (route.getValue().contains(method)) {
					continue;
				}
				HttpRequest request = HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.port + route.getKey()))
					.method(method, HttpRequest.BodyPublishers.noBody())
					.build();
				HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(method + " " + route.getKey()).isEqualTo(405);
				assertThat(answer.headers().firstValue("Allow")).contains(route.getValue());
				JsonNode error = JsonMapper.builder().build().readTree(answer.body());
				assertThat(error.get("error").stringValue()).isEqualTo("method_not_allowed");
				assertThat(error.get("message").stringValue()).contains(method, route.getKey(), route.getValue());
			}
		}
		HttpRequest head = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/health"))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build();
		assertThat(HTTP.send(head, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
		HttpRequest unknown = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/predictions"))
			.build();
		assertThat(HTTP.send(unknown, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
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
		// the Prometheus page is larger than the client's default codec limit
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
		// per model, version and role, as a histogram histogram_quantile can read
		assertThat(metrics)
			.containsPattern("serving_prediction_latency_seconds_bucket\\{[^}]*model=\"" + MODEL
					+ "\"[^}]*role=\"champion\"[^}]*version=\"" + version.version() + "\"")
			.containsPattern("serving_predictions_total\\{[^}]*endpoint=\"predict\",model=\"" + MODEL
					+ "\",role=\"champion\",version=\"" + version.version() + "\"} [1-9]")
			// the champion never answered as a challenger
			.doesNotContain("role=\"challenger\"");
		// failed swaps are counted from zero before the first one
		assertThat(metrics)
			.containsPattern("serving_swaps_failed_total\\{[^}]*kind=\"checksum\",model=\"" + MODEL + "\"} 0\\.0");
	}

	@Test
	void boundsIdleAndSlowConnectionsByDefault() {
		// ConnectionTimeoutsTests shows what the settings do, with short values
		assertThat(this.environment.getProperty("server.netty.idle-timeout", Duration.class)).isNotNull()
			.isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
		assertThat(this.properties.requestReadTimeout()).isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
	}

	/** A request as any client may send it, content type unchecked. */
	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** A JSON request with a {@code Content-Encoding}, as any client may send it. */
	private HttpResponse<String> post(String path, String encoding, byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", encoding)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
			out.write(bytes);
		}
		return compressed.toByteArray();
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
