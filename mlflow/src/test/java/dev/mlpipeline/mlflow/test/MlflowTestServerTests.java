package dev.mlpipeline.mlflow.test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import dev.mlpipeline.mlflow.test.MlflowTestServer.Flavor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what the {@link MlflowTestServer} does beyond the recorded exchanges: its
 * flavour switch, the MLflow 3 calls the recording lacks (logged model params, run
 * outputs, metrics linked to a logged model, per MLflow's REST docs) and its security
 * settings.
 */
class MlflowTestServerTests {

	private static final String API = "/api/2.0/mlflow";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void defaultFlavourIsTheOneTheSystemPropertyNames() throws Exception {
		Flavor expected = "2.17".equals(System.getProperty(MlflowTestServer.FLAVOR_PROPERTY)) ? Flavor.MLFLOW_2_17
				: Flavor.MLFLOW_3_11;
		try (MlflowTestServer server = MlflowTestServer.start()) {
			assertThat(server.flavor()).isEqualTo(expected);
			assertThat(MlflowServer.flavor()).isEqualTo(expected);
			assertThat(send(server, "GET", "/version", null).body()).isEqualTo(expected.version());
		}
	}

	@Test
	void loggedModelParamsAreLoggedOnceAndLoggingAKeyAgainIsRefusedAsMlflowDoes() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			String model = createLoggedModel(server, createRun(server));
			String params = API + "/logged-models/" + model + "/params";
			assertThat(send(server, "POST", params,
					"{\"model_id\": \"" + model + "\", \"params\": [{\"key\": \"depth\", \"value\": \"3\"}]}")
				.body()).isEqualTo("{}");
			assertThat(send(server, "POST", params,
					"{\"model_id\": \"" + model + "\", \"params\": [{\"key\": \"depth\", \"value\": \"3\"}]}")
				.statusCode()).isEqualTo(400);
			HttpResponse<String> changed = send(server, "POST", params,
					"{\"model_id\": \"" + model + "\", \"params\": [{\"key\": \"depth\", \"value\": \"4\"}]}");
			assertThat(changed.statusCode()).isEqualTo(400);
			assertThat(json(changed).path("error_code").asString()).isEqualTo("BAD_REQUEST");
			JsonNode data = json(send(server, "GET", API + "/logged-models/" + model, null)).path("model").path("data");
			assertThat(data.path("params").toString()).isEqualTo("[{\"key\":\"depth\",\"value\":\"3\"}]");
			assertThat(send(server, "POST", API + "/logged-models/m-0123/params", "{\"params\": []}").statusCode())
				.isEqualTo(400);
			assertThat(send(server, "POST", API + "/logged-models/m-0123/params",
					"{\"model_id\": \"m-0123\", \"params\": []}")
				.statusCode()).isEqualTo(404);
		}
	}

	@Test
	void metricsLoggedWithAModelIdAreOnTheRunAndOnTheLoggedModel() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			String run = createRun(server);
			String model = createLoggedModel(server, run);
			send(server, "POST", API + "/runs/log-batch",
					"{\"run_id\": \"" + run + "\", \"metrics\": [{\"key\": \"acc\", "
							+ "\"value\": 0.9, \"timestamp\": 5, \"step\": 0, \"model_id\": \"" + model + "\"}]}");
			send(server, "POST", API + "/runs/log-metric", "{\"run_id\": \"" + run
					+ "\", \"key\": \"kappa\", \"value\": 0.7, \"timestamp\": 6, \"model_id\": \"" + model + "\"}");
			JsonNode metrics = json(send(server, "GET", API + "/logged-models/" + model, null)).path("model")
				.path("data")
				.path("metrics");
			assertThat(metrics).hasSize(2);
			assertThat(metrics.get(0).path("model_id").asString()).isEqualTo(model);
			assertThat(metrics.get(0).path("run_id").asString()).isEqualTo(run);
			assertThat(metrics.get(1).path("key").asString()).isEqualTo("kappa");
			JsonNode runMetrics = json(send(server, "GET", API + "/runs/get?run_id=" + run, null)).path("run")
				.path("data")
				.path("metrics");
			assertThat(runMetrics).hasSize(2);
			assertThat(runMetrics.get(0).has("model_id")).isFalse();
		}
	}

	@Test
	void runOutputsNameTheLoggedModelAnUnknownRunIsNotFoundAndAnUnknownModelIsStoredAsMlflowDoes() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			String run = createRun(server);
			String model = createLoggedModel(server, run);
			assertThat(json(send(server, "GET", API + "/runs/get?run_id=" + run, null)).path("run").path("outputs"))
				.isEmpty();
			assertThat(send(server, "POST", API + "/runs/outputs",
					"{\"run_id\": \"" + run + "\", \"models\": [{\"model_id\": \"" + model + "\", \"step\": 0}]}")
				.body()).isEqualTo("{}");
			JsonNode outputs = json(send(server, "GET", API + "/runs/get?run_id=" + run, null)).path("run")
				.path("outputs");
			assertThat(outputs.toString())
				.isEqualTo("{\"model_outputs\":[{\"model_id\":\"" + model + "\",\"step\":0}]}");
			HttpResponse<String> unknownRun = send(server, "POST", API + "/runs/outputs",
					"{\"run_id\": \"0123\", \"models\": [{\"model_id\": \"" + model + "\", \"step\": 0}]}");
			HttpResponse<String> unknownModel = send(server, "POST", API + "/runs/outputs",
					"{\"run_id\": \"" + run + "\", \"models\": [{\"model_id\": \"m-0123\", \"step\": 0}]}");
			assertThat(unknownRun.statusCode()).isEqualTo(404);
			assertThat(json(unknownRun).path("error_code").asString()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
			assertThat(unknownModel.statusCode()).isEqualTo(200);
			assertThat(json(send(server, "GET", API + "/runs/get?run_id=" + run, null)).path("run")
				.path("outputs")
				.path("model_outputs")).hasSize(2);
		}
	}

	@Test
	void loggedModelStatusIsOneOfMlflowsEnum() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			String model = createLoggedModel(server, createRun(server));
			String path = API + "/logged-models/" + model;
			assertThat(send(server, "PATCH", path,
					"{\"model_id\": \"" + model + "\", \"status\": \"LOGGED_MODEL_FAILED\"}")
				.statusCode()).isEqualTo(400);
			JsonNode failed = json(send(server, "PATCH", path,
					"{\"model_id\": \"" + model + "\", \"status\": \"LOGGED_MODEL_UPLOAD_FAILED\"}"));
			assertThat(failed.path("model").path("info").path("status").asString())
				.isEqualTo("LOGGED_MODEL_UPLOAD_FAILED");
		}
	}

	@Test
	void mlflow217HasNoLoggedModelEndpoints() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_2_17)) {
			HttpResponse<String> answer = send(server, "POST", API + "/logged-models",
					"{\"experiment_id\": \"0\", \"name\": \"model\"}");
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.body()).startsWith("<!doctype html>");
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).isEmpty();
			assertThat(send(server, "POST", API + "/runs/outputs", "{}").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void allowedHostsReplaceTheDefaultsAndResetRestoresThem() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			String search = API + "/experiments/search";
			String body = "{\"max_results\": 1}";
			server.setAllowedHosts("mlflow,mlflow:*");
			HttpResponse<String> refused = send(server, "POST", search, body);
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).isEqualTo("Invalid Host header - possible DNS rebinding attack detected");
			assertThat(send(server, "GET", "/health", null).statusCode()).isEqualTo(200);
			assertThat(send(server, "GET", "/version", null).statusCode()).isEqualTo(200);
			server.setAllowedHosts("mlflow, 127.0.0.[1]:*");
			assertThat(send(server, "POST", search, body).statusCode()).isEqualTo(200);
			server.setAllowedHosts("127.0.0.1");
			assertThat(send(server, "POST", search, body).statusCode()).as("exact entries need the port")
				.isEqualTo(403);
			server.setAllowedHosts("*");
			assertThat(send(server, "POST", search, body).statusCode()).isEqualTo(200);
			server.setAllowedHosts("mlflow");
			server.reset();
			assertThat(send(server, "POST", search, body).statusCode()).isEqualTo(200);
			server.setAllowedHosts("mlflow");
			server.setAllowedHosts(null);
			assertThat(send(server, "POST", search, body).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void withoutTheSecurityMiddlewareAnyHostPassesAndNoSecurityHeadersAreSent() throws Exception {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			server.setAllowedHosts("mlflow");
			server.disableSecurityMiddleware(true);
			HttpResponse<String> answer = send(server, "POST", API + "/experiments/search", "{\"max_results\": 1}");
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.headers().firstValue("X-Frame-Options")).isEmpty();
			server.reset();
			assertThat(send(server, "GET", "/health", null).headers().firstValue("X-Frame-Options"))
				.contains("SAMEORIGIN");
		}
	}

	private static String createRun(MlflowTestServer server) throws Exception {
		return json(send(server, "POST", API + "/runs/create", "{\"experiment_id\": \"0\", \"run_name\": \"r\"}"))
			.path("run")
			.path("info")
			.path("run_id")
			.asString();
	}

	private static String createLoggedModel(MlflowTestServer server, String run) throws Exception {
		return json(send(server, "POST", API + "/logged-models",
				"{\"experiment_id\": \"0\", \"name\": \"model\", \"source_run_id\": \"" + run + "\"}"))
			.path("model")
			.path("info")
			.path("model_id")
			.asString();
	}

	private static HttpResponse<String> send(MlflowTestServer server, String method, String path, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
			.timeout(Duration.ofSeconds(10));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method, (body == null) ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
		return http.send(request.build(), BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return mapper.readTree(response.body());
	}

}
