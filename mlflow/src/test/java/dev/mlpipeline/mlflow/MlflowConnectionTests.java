package dev.mlpipeline.mlflow;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.mlflow.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Transport behaviour: typed errors, retry of transient failures only, auth headers on
 * every kind of call. Fault injection and header capture need the test server; the rest
 * runs against {@code MlflowServer.uri()}.
 */
class MlflowConnectionTests {

	@AfterEach
	void clearInjectedFaults() {
		MlflowServer.testServer().ifPresent((server) -> {
			server.failNextRequests(0, 503);
			server.setUnavailable(false);
			server.requireAuthorization(null);
		});
	}

	@Test
	void reportsARefusedConnectionAsUnavailableAfterRetrying() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		MlflowProperties properties = MlflowProperties.of(URI.create("http://127.0.0.1:" + port))
			.withRetry(2, Duration.ofMillis(5), Duration.ofMillis(5));
		assertThatExceptionOfType(MlflowUnavailableException.class)
			.isThrownBy(() -> new MlflowTracking(new MlflowConnection(properties)).findExperiment("x"))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isZero();
				assertThat(ex.getMessage()).contains("2 attempt(s)");
			});
	}

	@Test
	void reportsAnUnknownEndpointAsNotFound() {
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> TestClients.connection().get("/api/2.0/mlflow/registered-models/nope", Map.of()))
			.satisfies((ex) -> assertThat(ex.httpStatus()).isEqualTo(404));
	}

	@Test
	void retriesUnavailableAnswersUntilTheServerRecovers() {
		MlflowTestServer server = fixtureOnly();
		server.failNextRequests(2, 503);
		int before = server.requests().size();
		assertThat(new MlflowTracking(TestClients.connection()).getOrCreateExperiment(TestClients.unique("retry")))
			.isNotNull();
		assertThat(server.requests().subList(before, before + 3)).extracting(RecordedRequest::path)
			.containsOnly("/api/2.0/mlflow/experiments/get-by-name");
	}

	@Test
	void retriesRateLimitedCalls() {
		MlflowTestServer server = fixtureOnly();
		ModelRegistry registry = new ModelRegistry(TestClients.connection());
		String name = TestClients.unique("limited");
		server.failNextRequests(2, 429);
		assertThat(registry.getOrCreateRegisteredModel(name).name()).isEqualTo(name);
	}

	@Test
	void givesUpAsUnavailableAfterTheConfiguredAttempts() {
		MlflowTestServer server = fixtureOnly();
		server.setUnavailable(true);
		int before = server.requests().size();
		assertThatExceptionOfType(MlflowUnavailableException.class)
			.isThrownBy(() -> new ModelRegistry(TestClients.connection()).findRegisteredModel("any"))
			.satisfies((ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(503);
				assertThat(ex.errorCode()).isEqualTo("TEMPORARILY_UNAVAILABLE");
			});
		assertThat(server.requests().size() - before).isEqualTo(TestClients.properties().maxAttempts());
	}

	@Test
	void neverRetriesAClientError() {
		MlflowTestServer server = fixtureOnly();
		int before = server.requests().size();
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> new ModelRegistry(TestClients.connection()).getModelVersion("missing", "1"));
		assertThatExceptionOfType(MlflowInvalidParameterException.class)
			.isThrownBy(() -> TestClients.connection().post("/api/2.0/mlflow/registered-models/create", Map.of()));
		assertThat(server.requests().size() - before).isEqualTo(2);
	}

	@Test
	void sendsBasicAuthOnTrackingRegistryAndArtifactCalls() {
		MlflowTestServer server = fixtureOnly();
		String expected = "Basic " + Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
		server.requireAuthorization(expected);
		MlflowConnection connection = new MlflowConnection(TestClients.properties().withBasicAuth("ci", "s3cret"));
		int before = server.requests().size();
		exerciseEveryKindOfCall(connection);
		List<RecordedRequest> calls = server.requests().subList(before, server.requests().size());
		assertThat(calls).extracting(RecordedRequest::method).contains("GET", "POST", "PUT", "DELETE");
		assertThat(calls).allSatisfy((call) -> assertThat(call.header("Authorization")).isEqualTo(expected));
	}

	@Test
	void speaksPlainHttp11WithoutAskingForAnHttp2Upgrade() {
		// uvicorn (MLflow 3) logs "Unsupported upgrade request" for every h2c upgrade the
		// JDK client asks for by default: hundreds of lines in a few minutes of compose
		MlflowTestServer server = fixtureOnly();
		int before = server.requests().size();
		exerciseEveryKindOfCall(TestClients.connection());
		assertThat(server.requests().subList(before, server.requests().size()))
			.allSatisfy((call) -> assertThat(call.header("Upgrade")).isNull());
	}

	@Test
	void sendsTheBearerTokenOnEveryCall() {
		MlflowTestServer server = fixtureOnly();
		server.requireAuthorization("Bearer t0ken");
		MlflowConnection connection = new MlflowConnection(TestClients.properties().withToken("t0ken"));
		int before = server.requests().size();
		exerciseEveryKindOfCall(connection);
		assertThat(server.requests().subList(before, server.requests().size()))
			.allSatisfy((call) -> assertThat(call.header("Authorization")).isEqualTo("Bearer t0ken"));
	}

	@Test
	void reportsRejectedCredentialsAsUnauthorizedWithoutRetrying() {
		MlflowTestServer server = fixtureOnly();
		server.requireAuthorization("Bearer right");
		int before = server.requests().size();
		assertThatExceptionOfType(MlflowUnauthorizedException.class)
			.isThrownBy(() -> new MlflowConnection(TestClients.properties().withToken("wrong"))
				.get("/api/2.0/mlflow/registered-models/get", Map.of("name", "x")))
			.satisfies((ex) -> assertThat(ex.httpStatus()).isEqualTo(401));
		assertThat(server.requests().size() - before).isEqualTo(1);
	}

	@Test
	void backsOffExponentiallyUpToTheCap() {
		Duration initial = Duration.ofMillis(200);
		Duration max = Duration.ofSeconds(1);
		assertThat(List.of(1, 2, 3, 4, 10).stream().map((attempt) -> MlflowConnection.backoff(attempt, initial, max)))
			.containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
					Duration.ofSeconds(1), Duration.ofSeconds(1));
	}

	@Test
	void alwaysSetsTimeoutsAndRetryLimits() {
		MlflowProperties defaults = MlflowProperties.of(URI.create("http://mlflow:5000"));
		assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.maxAttempts()).isEqualTo(5);
		MlflowProperties zeroes = new MlflowProperties(null, "", "", "", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO,
				Duration.ZERO);
		assertThat(zeroes.uri()).isEqualTo(MlflowProperties.DEFAULT_URI);
		assertThat(zeroes.requestTimeout()).isPositive();
		assertThat(zeroes.maxAttempts()).isOne();
		assertThat(zeroes.username()).isNull();
		assertThat(defaults.withToken("secret").toString()).doesNotContain("secret");
	}

	private static void exerciseEveryKindOfCall(MlflowConnection connection) {
		MlflowTracking tracking = new MlflowTracking(connection);
		MlflowArtifacts artifacts = new MlflowArtifacts(connection);
		ModelRegistry registry = new ModelRegistry(connection);
		Run run = tracking.createRun(tracking.getOrCreateExperiment(TestClients.unique("auth")).id(), "auth", Map.of());
		artifacts.upload(run.artifactUri(), "model/model.weka", new byte[] { 1, 2 });
		artifacts.list(run.artifactUri(), "model");
		artifacts.download("runs:/" + run.id() + "/model/model.weka");
		String model = TestClients.unique("auth");
		registry.getOrCreateRegisteredModel(model);
		registry.createModelVersion(model, run.artifactUri() + "/model", run.id(), Map.of());
		registry.setAlias(model, "champion", "1");
		registry.findVersionByAlias(model, "champion");
		registry.deleteAlias(model, "champion");
		registry.transitionStage(model, "1", "Production", true);
	}

	private static MlflowTestServer fixtureOnly() {
		assumeTrue(!MlflowServer.isReal(), "needs fault injection or request capture");
		return MlflowServer.testServer().orElseThrow();
	}

}
