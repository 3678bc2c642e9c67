package dev.mlpipeline.mlflow.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.mlpipeline.mlflow.test.MlflowTestServer.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays the exchanges recorded from real MLflow 2.17 and 3.11 servers, in order, each
 * recording against fresh {@link MlflowTestServer}s of its flavour, and checks each
 * answer has the recorded status, content type, security and CORS headers and the same
 * JSON shape (keys, types, enum values and every other string), ids and timestamps aside.
 */
class MlflowTestServerContractTests {

	private static final String RECORDING_2_17 = "/mlflow-contract/mlflow-2.17.0-rest.jsonl";

	private static final String RECORDING_3_11 = "/mlflow-contract/mlflow-3.11.1-rest.jsonl";

	/**
	 * The LoggedModel calls of the pipeline's client the shared 3.11.1 file lacks,
	 * recorded from a real 3.11.1 server by
	 * {@code mlflow/contract/record_logged_models.py}.
	 */
	private static final String RECORDING_3_11_LOGGED_MODELS = "/mlflow-contract/mlflow-3.11.1-logged-models.jsonl";

	/** Exchanges of the 2.17 recording on endpoints the test server does not claim. */
	private static final Set<String> SKIPPED_2_17 = Set.of("graphql_get_run", "get_artifact_via_run",
			"model_version_get_artifact", "update_model_version", "update_registered_model");

	/** Exchanges of the 3.11 recording on endpoints the test server does not claim. */
	private static final Set<String> SKIPPED_3_11 = Set.of("graphql_get_run", "get_artifact_via_run",
			"err_get_artifact_via_run_missing", "model_version_get_artifact", "lm_model_version_get_artifact",
			"pc_model_version_get_artifact", "update_model_version", "update_registered_model");

	/**
	 * The 3.11 phase that reads state made by the MLflow 3 Python client
	 * ({@code log_model}, its own runs, metrics and files): no recorded REST exchange
	 * creates that state, so it cannot be replayed against a fresh server.
	 */
	private static final String PYTHON_CLIENT_PHASE = "pyclient";

	/** String fields whose values are compared exactly: MLflow's enum-like fields. */
	private static final Set<String> ENUM_FIELDS = Set.of("status", "current_stage", "error_code", "lifecycle_stage");

	/** String fields whose values legitimately differ: free text and skipped updates. */
	private static final Set<String> FREE_TEXT_FIELDS = Set.of("message", "description");

	/**
	 * Response headers compared when recorded: present means equal, absent means absent.
	 */
	private static final List<String> CHECKED_HEADERS = List.of("x-content-type-options", "x-frame-options",
			"access-control-allow-origin", "access-control-allow-credentials", "access-control-allow-methods", "vary");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final List<Replay> replays = new ArrayList<>();

	@AfterAll
	static void stopServers() {
		replays.forEach(Replay::close);
	}

	@Test
	void recordingOf217HoldsTheNinetyExchangesOfTheReadme() throws IOException {
		assertThat(recording(RECORDING_2_17)).hasSize(90);
	}

	@Test
	void recordingOf311HoldsTheTwoHundredSixtyFourExchangesOfTheReadme() throws IOException {
		assertThat(recording(RECORDING_3_11)).hasSize(264);
	}

	@Test
	void everyReplayedEndpointIsOneTheServerClaimsOrAnHtmlErrorPage() throws IOException {
		assertClaimed(recording(RECORDING_2_17), SKIPPED_2_17, Flavor.MLFLOW_2_17);
		assertClaimed(recording(RECORDING_3_11), SKIPPED_3_11, Flavor.MLFLOW_3_11);
		assertClaimed(recording(RECORDING_3_11_LOGGED_MODELS), Set.of(), Flavor.MLFLOW_3_11);
	}

	@TestFactory
	Stream<DynamicTest> answersEveryExchangeRecordedFromMlflow217LikeMlflow217() throws IOException {
		Replay replay = new Replay(Flavor.MLFLOW_2_17, "main", null);
		return recording(RECORDING_2_17).stream()
			.filter((exchange) -> !SKIPPED_2_17.contains(exchange.get("name").asString()))
			.map((exchange) -> DynamicTest.dynamicTest(exchange.get("name").asString(), () -> replay.replay(exchange)));
	}

	@TestFactory
	Stream<DynamicNode> answersEveryExchangeRecordedFromMlflow311LikeMlflow311() throws IOException {
		Map<String, List<JsonNode>> phases = new LinkedHashMap<>();
		for (JsonNode exchange : recording(RECORDING_3_11)) {
			phases.computeIfAbsent(exchange.get("phase").asString(), (phase) -> new ArrayList<>()).add(exchange);
		}
		assertThat(phases.keySet()).containsExactly("main", PYTHON_CLIENT_PHASE, "hosts_only_mlflow", "hosts_list",
				"hosts_any", "no_security");
		return phases.entrySet()
			.stream()
			.filter((phase) -> !phase.getKey().equals(PYTHON_CLIENT_PHASE))
			.map((phase) -> {
				Replay replay = new Replay(Flavor.MLFLOW_3_11, phase.getKey(),
						phase.getValue().get(0).get("server_flags").asString());
				return DynamicContainer.dynamicContainer(phase.getKey(),
						phase.getValue()
							.stream()
							.filter((exchange) -> !SKIPPED_3_11.contains(exchange.get("name").asString()))
							.map((exchange) -> DynamicTest.dynamicTest(exchange.get("name").asString(),
									() -> replay.replay(exchange))));
			});
	}

	@TestFactory
	Stream<DynamicTest> answersTheLoggedModelCallsOfTheClientLikeMlflow311() throws IOException {
		Replay replay = new Replay(Flavor.MLFLOW_3_11, "main", null);
		return recording(RECORDING_3_11_LOGGED_MODELS).stream()
			.map((exchange) -> DynamicTest.dynamicTest(exchange.get("name").asString(), () -> replay.replay(exchange)));
	}

	private static void assertClaimed(List<JsonNode> exchanges, Set<String> skipped, Flavor flavor) {
		for (JsonNode exchange : exchanges) {
			String name = exchange.get("name").asString();
			if (skipped.contains(name)
					|| exchange.get("status").asInt() == 404
							&& exchange.get("response_raw").asString().startsWith("<!doctype html>")
					|| exchange.get("status").asInt() == 405) {
				continue;
			}
			assertThat(flavor.supported()).as(name).contains(endpoint(exchange));
		}
	}

	/** One recording's phase replayed against its own server, started on first use. */
	private static final class Replay {

		private final Flavor flavor;

		private final String phase;

		private final String serverFlags;

		private final Map<String, String> ids = new LinkedHashMap<>();

		private MlflowTestServer server;

		Replay(Flavor flavor, String phase, String serverFlags) {
			this.flavor = flavor;
			this.phase = phase;
			this.serverFlags = serverFlags;
			replays.add(this);
		}

		private synchronized MlflowTestServer server() throws Exception {
			if (this.server == null) {
				this.server = MlflowTestServer.start(this.flavor);
				if (!this.phase.equals("main")) {
					seedExperimentsOfEarlierPhases();
				}
				configure(this.serverFlags);
			}
			return this.server;
		}

		/**
		 * The host phases ran on the real server restarted over the store the earlier
		 * phases filled; their experiment searches name its newest experiment
		 * ({@code py-client}, id 2) and page on. The fresh server gets the same
		 * experiments, through the API.
		 */
		private void seedExperimentsOfEarlierPhases() throws Exception {
			for (String name : List.of("contract-exp", "py-client")) {
				HttpRequest create = HttpRequest
					.newBuilder(this.server.uri().resolve("/api/2.0/mlflow/experiments/create"))
					.header("Content-Type", "application/json")
					.POST(BodyPublishers.ofString("{\"name\": \"" + name + "\"}"))
					.build();
				assertThat(http.send(create, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
			}
		}

		private void configure(String flags) {
			if (flags == null || flags.startsWith("(default security settings")) {
				return;
			}
			if (flags.startsWith("--allowed-hosts ")) {
				this.server.setAllowedHosts(flags.substring("--allowed-hosts ".length()));
			}
			else if (flags.equals("--disable-security-middleware")) {
				this.server.disableSecurityMiddleware(true);
			}
			else {
				fail("Unknown server flags in the recording: " + flags);
			}
		}

		void close() {
			if (this.server != null) {
				this.server.close();
			}
		}

		void replay(JsonNode exchange) throws Exception {
			String name = exchange.get("name").asString();
			Answer answer = send(exchange);
			assertThat(answer.status()).as(name + " status").isEqualTo(exchange.get("status").asInt());
			String recordedType = exchange.path("response_content_type").asString("");
			assertThat(mediaType(answer.header("content-type"))).as(name + " content type")
				.isEqualTo(mediaType(recordedType));
			JsonNode recordedHeaders = exchange.get("response_headers");
			if (recordedHeaders != null && recordedHeaders.isObject()) {
				for (String header : CHECKED_HEADERS) {
					JsonNode recorded = recordedHeaders.get(header);
					assertThat(answer.header(header)).as(name + " header " + header)
						.isEqualTo((recorded == null) ? null : recorded.asString());
				}
			}
			if (mediaType(recordedType).equals("application/json")) {
				JsonNode expected = exchange.get("response_body");
				JsonNode actual = mapper.readTree(answer.body());
				learnIds(exchange, expected, actual);
				List<String> differences = new ArrayList<>();
				compare("$", expected, actual, differences);
				if (!differences.isEmpty()) {
					fail(name + " differs from the recording:\n  " + String.join("\n  ", differences) + "\nrecorded: "
							+ expected + "\nanswered: " + actual);
				}
			}
			else if (!exchange.get("response_raw").asString().startsWith("<!doctype html>")) {
				assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(name + " body")
					.isEqualTo(exchange.get("response_raw").asString());
			}
		}

		private Answer send(JsonNode exchange) throws Exception {
			URI base = server().uri();
			String target = target(exchange);
			JsonNode contentType = exchange.get("request_content_type");
			JsonNode body = exchange.get("request_body");
			byte[] bytes = (body == null || body.isNull()) ? null
					: substitute(body.isString() ? body.asString() : mapper.writeValueAsString(body))
						.getBytes(StandardCharsets.UTF_8);
			String method = exchange.get("method").asString();
			JsonNode headers = exchange.get("request_headers");
			if (headers != null && headers.isObject()) {
				return sendBySocket(base, method, target, headers,
						(contentType == null || contentType.isNull()) ? null : contentType.asString(), bytes);
			}
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + target))
				.timeout(Duration.ofSeconds(10));
			if (contentType != null && !contentType.isNull()) {
				builder.header("Content-Type", contentType.asString());
			}
			builder.method(method, (bytes == null) ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bytes));
			HttpResponse<byte[]> response = http.send(builder.build(), BodyHandlers.ofByteArray());
			Map<String, String> answerHeaders = new TreeMap<>();
			response.headers()
				.map()
				.forEach((header, values) -> answerHeaders.put(header.toLowerCase(Locale.ROOT),
						String.join(", ", values)));
			return new Answer(response.statusCode(), answerHeaders, response.body());
		}

		/**
		 * Sends a request whose {@code Host} or {@code Origin} the recording sets by
		 * hand: {@code java.net.http} refuses to set {@code Host}. A {@code null} header
		 * value in the recording means the header is left out.
		 */
		private static Answer sendBySocket(URI base, String method, String target, JsonNode headers, String contentType,
				byte[] body) throws IOException {
			StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
			if (!headers.has("Host")) {
				head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
			}
			for (Map.Entry<String, JsonNode> header : headers.properties()) {
				if (!header.getValue().isNull()) {
					head.append(header.getKey()).append(": ").append(header.getValue().asString()).append("\r\n");
				}
			}
			if (contentType != null) {
				head.append("Content-Type: ").append(contentType).append("\r\n");
			}
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("Connection: close\r\n\r\n");
			byte[] raw;
			try (Socket socket = new Socket(base.getHost(), base.getPort())) {
				socket.setSoTimeout(10_000);
				OutputStream out = socket.getOutputStream();
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				if (body != null) {
					out.write(body);
				}
				out.flush();
				raw = socket.getInputStream().readAllBytes();
			}
			return parse(raw);
		}

		private static Answer parse(byte[] raw) {
			String text = new String(raw, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			assertThat(end).as("end of the response head in: " + text).isPositive();
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new TreeMap<>();
			for (String line : Arrays.asList(lines).subList(1, lines.length)) {
				int colon = line.indexOf(':');
				headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
			}
			byte[] rest = Arrays.copyOfRange(raw, end + 4, raw.length);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				rest = dechunk(rest);
			}
			else if (headers.containsKey("content-length")) {
				rest = Arrays.copyOf(rest, Integer.parseInt(headers.get("content-length")));
			}
			return new Answer(status, headers, rest);
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int position = 0;
			while (true) {
				int lineEnd = new String(chunked, StandardCharsets.ISO_8859_1).indexOf("\r\n", position);
				int size = Integer.parseInt(
						new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1).split(";")[0]
							.trim(),
						16);
				if (size == 0) {
					return out.toByteArray();
				}
				out.write(chunked, lineEnd + 2, size);
				position = lineEnd + 2 + size + 2;
			}
		}

		private String target(JsonNode exchange) {
			StringBuilder target = new StringBuilder(substitute(exchange.get("path").asString()));
			JsonNode query = exchange.get("query");
			if (query != null && query.isObject()) {
				StringJoiner joiner = new StringJoiner("&", "?", "");
				for (Map.Entry<String, JsonNode> parameter : query.properties()) {
					List<JsonNode> values = new ArrayList<>();
					if (parameter.getValue().isArray()) {
						parameter.getValue().forEach(values::add);
					}
					else {
						values.add(parameter.getValue());
					}
					for (JsonNode value : values) {
						joiner.add(encode(parameter.getKey()) + "=" + encode(substitute(value.asString())));
					}
				}
				target.append(joiner);
			}
			return target.toString();
		}

		private void learnIds(JsonNode exchange, JsonNode expected, JsonNode actual) {
			List<String> fields = new ArrayList<>(List.of("run_id", "run_uuid", "experiment_id", "model_id"));
			JsonNode request = exchange.get("request_body");
			if (exchange.get("path").asString().endsWith("/runs/create")
					&& (request == null || !request.isObject() || !request.has("run_name"))) {
				// a run created without a name gets a random one
				fields.add("run_name");
			}
			for (String field : fields) {
				List<JsonNode> recorded = expected.findValues(field);
				List<JsonNode> answered = actual.findValues(field);
				for (int i = 0; i < Math.min(recorded.size(), answered.size()); i++) {
					String from = recorded.get(i).asString();
					String to = answered.get(i).asString();
					if (!from.isEmpty() && !from.equals(to)) {
						this.ids.putIfAbsent(from, to);
					}
				}
			}
		}

		private String substitute(String text) {
			String result = text;
			for (Map.Entry<String, String> id : this.ids.entrySet()) {
				result = result.replace(id.getKey(), id.getValue());
			}
			return result;
		}

		private void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
			if (actual == null || actual.isMissingNode()) {
				differences.add(path + " is missing");
				return;
			}
			if (expected.getNodeType() != actual.getNodeType()) {
				differences.add(path + " is " + actual.getNodeType() + ", recorded " + expected.getNodeType());
				return;
			}
			if (expected.isObject()) {
				Set<String> extra = new HashSet<>(actual.propertyNames());
				extra.removeAll(expected.propertyNames());
				if (!extra.isEmpty()) {
					differences.add(path + " has unrecorded keys " + extra);
				}
				for (String key : expected.propertyNames()) {
					String child = path + "." + key;
					if (!actual.has(key)) {
						differences.add(child + " is missing");
					}
					else if (FREE_TEXT_FIELDS.contains(key)) {
						if (expected.get(key).getNodeType() != actual.get(key).getNodeType()) {
							differences.add(child + " is " + actual.get(key).getNodeType() + ", recorded "
									+ expected.get(key).getNodeType());
						}
					}
					else if (expected.get(key).isString()) {
						String want = substitute(expected.get(key).asString());
						String got = actual.get(key).asString();
						if (!want.equals(got)) {
							differences.add(child + " is '" + got + "', recorded '" + want + "'"
									+ (ENUM_FIELDS.contains(key) ? " (enum value)" : ""));
						}
					}
					else {
						compare(child, expected.get(key), actual.get(key), differences);
					}
				}
			}
			else if (expected.isArray()) {
				if (expected.size() != actual.size()) {
					differences.add(path + " has " + actual.size() + " items, recorded " + expected.size());
					return;
				}
				for (int i = 0; i < expected.size(); i++) {
					compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
				}
			}
			else if (expected.isString() && !substitute(expected.asString()).equals(actual.asString())) {
				differences.add(path + " is '" + actual.asString() + "', recorded '" + expected.asString() + "'");
			}
		}

	}

	/** An HTTP answer, header names in lower case. */
	private record Answer(int status, Map<String, String> headers, byte[] body) {

		String header(String name) {
			return this.headers.get(name);
		}

	}

	private static String endpoint(JsonNode exchange) {
		String method = exchange.get("method").asString();
		String path = exchange.get("path").asString();
		if (method.equals("OPTIONS") && path.startsWith("/api/")) {
			return "OPTIONS /api/*";
		}
		return method + " " + MlflowTestServer.routeOf(path);
	}

	private static String mediaType(String contentType) {
		return (contentType == null) ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static List<JsonNode> recording(String resource) throws IOException {
		List<JsonNode> exchanges = new ArrayList<>();
		try (InputStream in = MlflowTestServerContractTests.class.getResourceAsStream(resource)) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank()) {
					exchanges.add(mapper.readTree(line));
				}
			}
		}
		return exchanges;
	}

}
