package dev.mlpipeline.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer.Flavor;
import dev.mlpipeline.mlflow.test.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call the client makes is one a real server of that release was recorded
 * answering: the whole client is driven against the test server of each release and each
 * endpoint it called must appear in that release's recordings, and every search it sends
 * says how many results it wants (MLflow 3 answers a metric history without
 * {@code max_results} with no points at all).
 */
class ClientContractTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Map<Flavor, List<String>> RECORDINGS = Map.of(Flavor.MLFLOW_2_17,
			List.of("/mlflow-contract/mlflow-2.17.0-rest.jsonl"), Flavor.MLFLOW_3_11,
			List.of("/mlflow-contract/mlflow-3.11.1-rest.jsonl", "/mlflow-contract/mlflow-3.11.1-logged-models.jsonl"));

	private static final Pattern LOGGED_MODEL_ID = Pattern.compile("/logged-models/m-[0-9a-f]+");

	@ParameterizedTest
	@EnumSource(Flavor.class)
	void everyEndpointTheClientCallsIsOneTheRecordingOfThatReleaseHolds(Flavor flavor) throws IOException {
		try (MlflowTestServer server = MlflowTestServer.start(flavor)) {
			driveTheWholeClient(server);
			Set<String> called = new TreeSet<>();
			server.requests().forEach((request) -> called.add(endpoint(request.method(), request.path())));
			assertThat(called).hasSizeGreaterThan(25);
			assertThat(recordedEndpoints(flavor)).containsAll(called);
		}
	}

	@ParameterizedTest
	@EnumSource(Flavor.class)
	void everySearchTheClientSendsSaysHowManyResultsItWants(Flavor flavor) {
		try (MlflowTestServer server = MlflowTestServer.start(flavor)) {
			driveTheWholeClient(server);
			List<RecordedRequest> searches = server.requests()
				.stream()
				.filter((request) -> request.path().endsWith("/search") || request.path().endsWith("/get-history"))
				.toList();
			assertThat(searches).isNotEmpty();
			assertThat(searches)
				.allSatisfy((request) -> assertThat(((request.query() != null) ? request.query() : "") + request.body())
					.as(request.method() + " " + request.path())
					.contains("max_results"));
		}
	}

	private static void driveTheWholeClient(MlflowTestServer server) {
		MlflowConnection connection = new MlflowConnection(
				MlflowProperties.of(server.uri()).withRetry(2, Duration.ofMillis(5), Duration.ofMillis(10)));
		MlflowTracking tracking = new MlflowTracking(connection);
		MlflowArtifacts artifacts = new MlflowArtifacts(connection);
		ModelRegistry registry = new ModelRegistry(connection);
		LoggedModels loggedModels = new LoggedModels(connection);
		boolean mlflow3 = new MlflowCapabilities(connection).loggedModels();

		Experiment experiment = tracking.getOrCreateExperiment("contract");
		tracking.getExperiment(experiment.id());
		tracking.findExperiment("missing");
		Run run = tracking.createRun(experiment.id(), "train", Map.of("job_id", "j1"));
		tracking.logBatch(run.id(), Map.of("algorithm", "J48"), Map.of("accuracy", 0.9), Map.of("phase", "fitting"));
		tracking.setTag(run.id(), "dataset", "iris");
		byte[] file = "model".getBytes(StandardCharsets.UTF_8);
		artifacts.upload(run.artifactUri(), ModelArtifacts.MODEL_FILE, file);
		artifacts.list(run.artifactUri(), ModelArtifacts.DIRECTORY);
		artifacts.download(run.artifactUri(), ModelArtifacts.MODEL_FILE);
		artifacts.download("runs:/" + run.id() + "/" + ModelArtifacts.MODEL_FILE);
		tracking.searchRuns(List.of(experiment.id()), "tags.job_id = 'j1'");

		registry.getOrCreateRegisteredModel("contract-model");
		registry.findRegisteredModel("missing");
		registry.searchRegisteredModelNames();
		String source = run.artifactUri() + "/" + ModelArtifacts.DIRECTORY;
		String modelId = null;
		if (mlflow3) {
			LoggedModel logged = loggedModels.create(experiment.id(), "model", run.id(), "Classifier",
					Map.of("algorithm", "J48"), Map.of());
			artifacts.upload(logged.artifactUri(), "model.weka", file);
			tracking.logModelMetrics(run.id(), logged.id(), Map.of("accuracy", 0.9));
			loggedModels.finalizeModel(logged.id(), LoggedModel.READY);
			tracking.logModelOutput(run.id(), logged.id(), 0);
			loggedModels.get(logged.id());
			loggedModels.search(List.of(experiment.id()));
			source = logged.source();
			modelId = logged.id();
		}
		ModelVersion version = registry.createModelVersion("contract-model", source, run.id(), modelId,
				Map.of("sha256", "x"), Duration.ofSeconds(5));
		registry.getModelVersion("contract-model", version.version());
		registry.findModelVersion("contract-model", "99");
		registry.searchModelVersions("contract-model");
		registry.getDownloadUri("contract-model", version.version());
		registry.setModelVersionTag("contract-model", version.version(), "decision", "PROMOTED");
		registry.deleteModelVersionTag("contract-model", version.version(), "decision");
		registry.setAlias("contract-model", "champion", version.version());
		registry.findVersionByAlias("contract-model", "champion");
		registry.deleteAlias("contract-model", "champion");
		registry.findVersionByAlias("contract-model", "champion");
		registry.transitionStage("contract-model", version.version(), "Production", true);
		registry.findLatestInStage("contract-model", "Production");
		tracking.finishRun(run.id(), RunStatus.FINISHED);
	}

	private static Set<String> recordedEndpoints(Flavor flavor) throws IOException {
		Set<String> endpoints = new TreeSet<>();
		for (String resource : RECORDINGS.get(flavor)) {
			try (InputStream in = ClientContractTests.class.getResourceAsStream(resource)) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					if (!line.isBlank()) {
						JsonNode exchange = mapper.readTree(line);
						endpoints.add(endpoint(exchange.get("method").asString(), exchange.get("path").asString()));
					}
				}
			}
		}
		return endpoints;
	}

	private static String endpoint(String method, String path) {
		String normalized = path.startsWith("/api/2.0/mlflow-artifacts/artifacts/")
				? "/api/2.0/mlflow-artifacts/artifacts/*"
				: LOGGED_MODEL_ID.matcher(path).replaceAll("/logged-models/*");
		return method + " " + normalized;
	}

}
