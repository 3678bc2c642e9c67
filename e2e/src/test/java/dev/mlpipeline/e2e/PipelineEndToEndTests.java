package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline as a user meets it: trainer, promoter and serving run from their built
 * jars as separate processes with their real configuration, on a real Kafka broker
 * (started as a process, so it can be restarted) and the MLflow test server, or a real
 * MLflow when {@code MLFLOW_TRACKING_URI} is set. The steps run in order and share state,
 * like the README walkthrough they prove.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTests {

	private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(60);

	private static final String IRIS_ROW = """
			{"instances": [{"sepallength": 5.1, "sepalwidth": 3.5, "petallength": 1.4, "petalwidth": 0.2}]}""";

	private final JsonMapper json = JsonMapper.builder().build();

	private final String model = "e2e-iris-" + UUID.randomUUID().toString().substring(0, 8);

	private Path logs;

	private KafkaProcess kafka;

	private AppProcess trainer;

	private AppProcess promoter;

	private AppProcess serving;

	private ModelRegistry registry;

	private MlflowTracking tracking;

	private String j48Version;

	private String forestVersion;

	@BeforeAll
	void startThePipeline() throws Exception {
		this.logs = Path.of("target", "e2e-logs").toAbsolutePath();
		// a fresh broker and fresh logs each run: a previous run's broker config names
		// other ports
		org.springframework.util.FileSystemUtils.deleteRecursively(this.logs);
		Files.createDirectories(this.logs);
		this.kafka = new KafkaProcess(this.logs.resolve("kafka"), this.logs.resolve("kafka.log"));
		this.kafka.start();
		MlflowConnection connection = new MlflowConnection(MlflowProperties.of(MlflowServer.uri()));
		this.registry = new ModelRegistry(connection);
		this.tracking = new MlflowTracking(connection);
		Map<String, String> environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers(),
				"MLFLOW_TRACKING_URI", MlflowServer.uri().toString(), "MODEL_NAME", this.model, "TRAINER_DATA_DIR",
				this.logs.resolve("data").toString());
		this.trainer = AppProcess.start("trainer", environment, this.logs);
		this.promoter = AppProcess.start("promoter", environment, this.logs);
		this.serving = AppProcess.start("serving", environment, this.logs);
		for (AppProcess app : List.of(this.trainer, this.promoter, this.serving)) {
			app.awaitLive(Duration.ofSeconds(180));
		}
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		for (AutoCloseable part : new AutoCloseable[] { this.serving, this.promoter, this.trainer, this.kafka }) {
			if (part != null) {
				part.close();
			}
		}
	}

	@Test
	@Order(1)
	void servingIsAliveButNotReadyBeforeAnyPromotion() {
		assertThat(this.serving.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(this.serving.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		HttpResponse<String> health = this.serving.get("/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(read(health).path("status").asString()).isEqualTo("DOWN");
	}

	@Test
	@Order(2)
	void aJ48JobIsRegisteredPromotedAndServed() {
		JsonNode job = runJob("J48", "-C 0.25 -M 2");
		this.j48Version = job.path("version").asString();
		assertThat(job.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.9);

		await().atMost(SWAP_TIMEOUT).untilAsserted(() -> {
			assertThat(this.registry.findVersionByAlias(this.model, "champion")).map(ModelVersion::version)
				.contains(this.j48Version);
			assertThat(this.registry.getModelVersion(this.model, this.j48Version).currentStage())
				.isEqualTo("Production");
		});
		awaitServing(this.j48Version);
		HttpResponse<String> prediction = this.serving.post("/predict", IRIS_ROW);
		assertThat(prediction.statusCode()).isEqualTo(200);
		assertThat(prediction.headers().firstValue("X-Model-Version")).contains(this.j48Version);
		JsonNode answer = read(prediction);
		assertThat(answer.path("model").path("version").asString()).isEqualTo(this.j48Version);
		assertThat(answer.path("predictions").get(0).path("label").asString()).isEqualTo("Iris-setosa");
		assertThat(this.serving.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void aZeroRJobThatCannotBeatTheChampionIsRejectedAndServingKeepsItsVersion() {
		String zeroR = runJob("ZeroR", "").path("version").asString();

		JsonNode decision = awaitDecision(zeroR, "REJECTED");
		assertThat(decision.path("reasons").toString()).contains("accuracy");
		assertThat(this.registry.findVersionByAlias(this.model, "champion")).map(ModelVersion::version)
			.contains(this.j48Version);
		assertThat(servingVersion()).isEqualTo(this.j48Version);
	}

	@Test
	@Order(4)
	void aVersionPromotedByHandIsSwappedInWhileClientsSeeNoFailedRequest() throws Exception {
		this.forestVersion = runJob("RandomForest", "-I 100 -S 1").path("version").asString();
		// a forest does not beat J48 on iris by the policy's 0.01: the promoter keeps the
		// champion
		awaitDecision(this.forestVersion, "REJECTED");

		try (Hammer hammer = new Hammer(this.serving)) {
			await().atMost(SWAP_TIMEOUT).until(() -> hammer.answered.get() > 20);
			HttpResponse<String> promoted = this.promoter.post(
					"/models/" + this.model + "/versions/" + this.forestVersion + "/promote",
					"{\"reason\": \"forest is more robust to noisy sepal measurements\"}");
			assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
			awaitServing(this.forestVersion);
			int atSwap = hammer.answered.get();
			await().atMost(SWAP_TIMEOUT).until(() -> hammer.answered.get() > atSwap + 20);
			hammer.stop();
			assertThat(hammer.failures).as("failed requests during the swap").isEmpty();
			assertThat(hammer.versions).containsOnlyKeys(this.j48Version, this.forestVersion)
				.containsKey(this.forestVersion);
		}
		awaitDecision(this.forestVersion, "PROMOTED");
	}

	@Test
	@Order(5)
	void aRollbackSwapsServingBackToThePreviousChampion() {
		HttpResponse<String> rollback = this.promoter.post("/models/" + this.model + "/rollback", "{}");
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);

		awaitServing(this.j48Version);
		assertThat(this.registry.findVersionByAlias(this.model, "champion")).map(ModelVersion::version)
			.contains(this.j48Version);
		assertThat(this.registry.getModelVersion(this.model, this.j48Version).currentStage()).isEqualTo("Production");
	}

	@Test
	@Order(6)
	void healthModelAndDecisionsTellTheSameStory() {
		JsonNode health = read(this.serving.get("/health"));
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("model").path("version").asString()).isEqualTo(this.j48Version);
		JsonNode loaded = read(this.serving.get("/model"));
		assertThat(loaded.toString()).contains("\"" + this.j48Version + "\"");
		assertThat(loaded.path("version").asString()).isEqualTo(this.j48Version);

		List<String> story = new ArrayList<>();
		for (JsonNode decision : decisions()) {
			story.add(decision.path("version").asString() + " " + decision.path("outcome").asString() + " "
					+ decision.path("cause").asString());
		}
		assertThat(story).containsSubsequence(this.j48Version + " ROLLED_BACK ROLLBACK",
				this.forestVersion + " PROMOTED MANUAL", this.forestVersion + " REJECTED POLICY",
				this.j48Version + " PROMOTED POLICY");
	}

	@Test
	@Order(7)
	void aBrokerRestartInTheMiddleOfAJobLosesNothingAndDoesNothingTwice() throws Exception {
		// a 1000-tree forest trains for seconds: long enough to take the broker away
		// under it
		String jobId = publishJob("RandomForest", "-I 1000 -S 1");
		await().atMost(JOB_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> "RUNNING".equals(jobStatus(jobId).path("status").asString()));
		this.kafka.stop();
		this.kafka.start();

		JsonNode job = awaitJob(jobId);
		assertThat(job.path("status").asString()).isEqualTo("REGISTERED");
		String version = job.path("version").asString();
		JsonNode decision = awaitDecision(version, null);
		assertThat(decision.path("outcome").asString()).isIn("PROMOTED", "REJECTED");

		Experiment experiment = this.tracking.findExperiment(this.model).orElseThrow();
		assertThat(this.tracking.searchRuns(List.of(experiment.id()), "tags.job_id = '" + jobId + "'")
			.stream()
			.filter((run) -> "FINISHED".equals(run.status().name()))).hasSize(1);
		assertThat(this.registry.searchModelVersions(this.model)
			.stream()
			.filter((candidate) -> jobId.equals(candidate.tags().get("job_id")))).hasSize(1);
		assertThat(decisionsOf(version)).hasSize(1);
	}

	@Test
	@Order(8)
	void anMlflowOutageDuringAPromotionIsWaitedOutWithoutLosingTheDecision() throws Exception {
		Optional<MlflowTestServer> server = MlflowServer.testServer();
		assumeThat(server).as("only the test server can be taken down").isPresent();
		this.promoter.close();
		String jobId = publishJob("J48", "-C 0.1 -M 2");
		String version = awaitJob(jobId).path("version").asString();

		server.get().setUnavailable(true);
		try {
			this.promoter = AppProcess.start("promoter", Map.of("KAFKA_BOOTSTRAP_SERVERS",
					this.kafka.bootstrapServers(), "MLFLOW_TRACKING_URI", MlflowServer.uri().toString()), this.logs);
			this.promoter.awaitLive(Duration.ofSeconds(180));
			int before = server.get().requests().size();
			// the promoter reads the candidate version, fails, and keeps retrying
			await().atMost(SWAP_TIMEOUT)
				.until(() -> server.get()
					.requests()
					.stream()
					.skip(before)
					.filter((request) -> request.path().equals("/api/2.0/mlflow/model-versions/get"))
					.filter((request) -> request.query() != null && request.query().contains("version=" + version))
					.count() >= 2);
			assertThat(decisionsOf(version)).isEmpty();
			assertThat(this.serving.post("/predict", IRIS_ROW).statusCode()).isEqualTo(200);
		}
		finally {
			server.get().setUnavailable(false);
		}
		JsonNode decision = awaitDecision(version, null);
		assertThat(decision.path("outcome").asString()).isIn("PROMOTED", "REJECTED");
		assertThat(decisionsOf(version)).hasSize(1);
		assertThat(servingVersion()).isEqualTo(
				this.registry.findVersionByAlias(this.model, "champion").map(ModelVersion::version).orElseThrow());
	}

	private JsonNode runJob(String algorithm, String options) {
		JsonNode job = awaitJob(publishJob(algorithm, options));
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("REGISTERED");
		return job;
	}

	private String publishJob(String algorithm, String options) {
		String body = """
				{"modelName": "%s", "dataset": {"uri": "builtin:iris", "classAttribute": "class"},
				 "algorithm": "%s", "options": "%s", "evaluation": {"folds": 10, "seed": 1}}""".formatted(this.model,
				algorithm, options);
		HttpResponse<String> accepted = this.trainer.post("/jobs", body);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		return read(accepted).path("jobId").asString();
	}

	private JsonNode awaitJob(String jobId) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
			last.set(jobStatus(jobId));
			return Set.of("REGISTERED", "FAILED").contains(last.get().path("status").asString());
		});
		return last.get();
	}

	private JsonNode jobStatus(String jobId) {
		return read(this.trainer.get("/jobs/" + jobId + "?modelName=" + this.model));
	}

	private JsonNode awaitDecision(String version, String outcome) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		await().atMost(SWAP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
			decisionsOf(version).stream()
				.filter((decision) -> outcome == null || outcome.equals(decision.path("outcome").asString()))
				.findFirst()
				.ifPresent(found::set);
			return found.get() != null;
		});
		return found.get();
	}

	private List<JsonNode> decisionsOf(String version) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode decision : decisions()) {
			if (version.equals(decision.path("version").asString())) {
				found.add(decision);
			}
		}
		return found;
	}

	private JsonNode decisions() {
		HttpResponse<String> response = this.promoter.get("/models/" + this.model + "/decisions");
		return (response.statusCode() == 200) ? read(response) : this.json.createArrayNode();
	}

	private void awaitServing(String version) {
		await().atMost(SWAP_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> version.equals(servingVersion()));
	}

	private String servingVersion() {
		return read(this.serving.get("/health")).path("model").path("version").asString();
	}

	private JsonNode read(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	/**
	 * A client calling {@code /predict} back to back on its own thread, recording every
	 * failure and which version answered.
	 */
	private static final class Hammer implements AutoCloseable {

		final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

		final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();

		final AtomicInteger answered = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		Hammer(AppProcess serving) {
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					try {
						HttpResponse<String> response = serving.post("/predict", IRIS_ROW);
						if (response.statusCode() != 200) {
							this.failures.add(response.statusCode() + " " + response.body());
						}
						else {
							String version = response.headers().firstValue("X-Model-Version").orElse("none");
							this.versions.computeIfAbsent(version, (key) -> new AtomicInteger()).incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						this.failures.add(ex.toString());
					}
					this.answered.incrementAndGet();
				}
			}, "predict-hammer");
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join(30_000);
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}
