package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.Classifier;
import weka.core.Instances;
import weka.experiment.PairedStatsCorrected;

import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.mlflow.model.ModelFileLimits;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.LoggedModel;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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

	private Pipeline pipeline;

	private String j48Version;

	private String forestVersion;

	@BeforeAll
	void startThePipeline() throws Exception {
		this.pipeline = Pipeline.start(Path.of("target", "e2e-logs").toAbsolutePath(), Map.of());
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

	@Test
	@Order(1)
	void servingIsAliveButNotReadyBeforeAnyPromotion() {
		assertThat(this.pipeline.serving.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(this.pipeline.serving.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		HttpResponse<String> health = this.pipeline.serving.get("/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(this.pipeline.read(health).path("status").asString()).isEqualTo("DOWN");
	}

	@Test
	@Order(2)
	void aJ48JobIsRegisteredPromotedAndServed() {
		JsonNode job = this.pipeline.runJob("J48", "-C 0.25 -M 2");
		this.j48Version = job.path("version").asString();
		assertThat(job.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.9);

		await().atMost(Pipeline.SWAP_TIMEOUT).untilAsserted(() -> {
			assertThat(this.pipeline.registry.findVersionByAlias(this.pipeline.model, "champion"))
				.map(ModelVersion::version)
				.contains(this.j48Version);
			assertThat(this.pipeline.registry.getModelVersion(this.pipeline.model, this.j48Version).currentStage())
				.isEqualTo("Production");
		});
		this.pipeline.awaitServing(this.j48Version);
		HttpResponse<String> prediction = this.pipeline.serving.post("/predict", Pipeline.IRIS_ROW);
		assertThat(prediction.statusCode()).isEqualTo(200);
		assertThat(prediction.headers().firstValue("X-Model-Version")).contains(this.j48Version);
		JsonNode answer = this.pipeline.read(prediction);
		assertThat(answer.path("model").path("version").asString()).isEqualTo(this.j48Version);
		assertThat(answer.path("predictions").get(0).path("label").asString()).isEqualTo("Iris-setosa");
		assertThat(this.pipeline.serving.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertRecordedTheWayTheServerRecordsModels(this.j48Version);
	}

	/**
	 * On MLflow 3 the served version is a READY LoggedModel with its metrics, registered
	 * as {@code models:/m-<id>}; on MLflow 2 it is the run's {@code model/} directory.
	 */
	private void assertRecordedTheWayTheServerRecordsModels(String version) {
		ModelVersion registered = this.pipeline.registry.getModelVersion(this.pipeline.model, version);
		Run run = this.pipeline.tracking.getRun(registered.runId());
		if (this.pipeline.capabilities.loggedModels()) {
			assertThat(registered.source()).startsWith("models:/m-");
			String modelId = registered.source().substring("models:/".length());
			LoggedModel logged = this.pipeline.loggedModels.get(modelId);
			assertThat(logged.isReady()).isTrue();
			assertThat(logged.sourceRunId()).isEqualTo(run.id());
			assertThat(logged.metrics()).containsKeys("accuracy", "kappa");
			assertThat(run.modelOutputs()).containsExactly(modelId);
			assertThat(this.pipeline.registry.getDownloadUri(this.pipeline.model, version))
				.isEqualTo(logged.artifactUri());
		}
		else {
			assertThat(registered.source()).isEqualTo(run.artifactUri() + "/model");
		}
	}

	@Test
	@Order(3)
	void aZeroRJobThatCannotBeatTheChampionIsRejectedAndServingKeepsItsVersion() {
		String zeroR = this.pipeline.runJob("ZeroR", "").path("version").asString();

		JsonNode decision = this.pipeline.awaitDecision(zeroR, "REJECTED");
		assertThat(decision.path("reasons").toString()).contains("accuracy");
		assertThat(this.pipeline.registry.findVersionByAlias(this.pipeline.model, "champion"))
			.map(ModelVersion::version)
			.contains(this.j48Version);
		assertThat(this.pipeline.servingVersion()).isEqualTo(this.j48Version);
	}

	@Test
	@Order(4)
	void aVersionPromotedByHandIsSwappedInWhileClientsSeeNoFailedRequest() throws Exception {
		this.forestVersion = this.pipeline.runJob("RandomForest", "-I 100 -S 1").path("version").asString();
		// a forest does not beat J48 on iris by the policy's 0.01: the promoter keeps the
		// champion
		this.pipeline.awaitDecision(this.forestVersion, "REJECTED");

		try (Hammer hammer = new Hammer(this.pipeline.serving)) {
			await().atMost(Pipeline.SWAP_TIMEOUT).until(() -> hammer.answered.get() > 20);
			HttpResponse<String> promoted = this.pipeline.promoter.post(
					"/models/" + this.pipeline.model + "/versions/" + this.forestVersion + "/promote",
					"{\"reason\": \"forest is more robust to noisy sepal measurements\"}");
			assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
			this.pipeline.awaitServing(this.forestVersion);
			int atSwap = hammer.answered.get();
			await().atMost(Pipeline.SWAP_TIMEOUT).until(() -> hammer.answered.get() > atSwap + 20);
			hammer.stop();
			assertThat(hammer.failures).as("failed requests during the swap").isEmpty();
			assertThat(hammer.versions).containsOnlyKeys(this.j48Version, this.forestVersion)
				.containsKey(this.forestVersion);
		}
		this.pipeline.awaitDecision(this.forestVersion, "PROMOTED");
	}

	@Test
	@Order(5)
	void aRollbackSwapsServingBackToThePreviousChampion() {
		String path = "/models/" + this.pipeline.model + "/rollback";
		HttpResponse<String> anonymous = this.pipeline.promoter.post(path, "{}", null);
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic realm=\"pipeline\""));
		HttpResponse<String> reader = this.pipeline.promoter.post(path, "{}", AppProcess.basic("reader", "e2e-reader"));
		assertThat(reader.statusCode()).as(reader.body()).isEqualTo(403);
		assertThat(this.pipeline.read(reader).path("requiredRole").asString()).isEqualTo("operator");
		assertThat(this.pipeline.registry.findVersionByAlias(this.pipeline.model, "champion"))
			.map(ModelVersion::version)
			.contains(this.forestVersion);

		HttpResponse<String> rollback = this.pipeline.promoter.post(path, "{}");
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
		assertThat(this.pipeline.read(rollback).path("actor").asString()).isEqualTo("operator");

		this.pipeline.awaitServing(this.j48Version);
		assertThat(this.pipeline.registry.findVersionByAlias(this.pipeline.model, "champion"))
			.map(ModelVersion::version)
			.contains(this.j48Version);
		assertThat(this.pipeline.registry.getModelVersion(this.pipeline.model, this.j48Version).currentStage())
			.isEqualTo("Production");
	}

	@Test
	@Order(6)
	void healthModelAndDecisionsTellTheSameStory() {
		JsonNode health = this.pipeline.read(this.pipeline.serving.get("/health"));
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("model").path("version").asString()).isEqualTo(this.j48Version);
		JsonNode loaded = this.pipeline.read(this.pipeline.serving.get("/model"));
		assertThat(loaded.toString()).contains("\"" + this.j48Version + "\"");
		assertThat(loaded.path("version").asString()).isEqualTo(this.j48Version);

		List<String> story = new ArrayList<>();
		for (JsonNode decision : this.pipeline.decisions()) {
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
		String jobId = this.pipeline.publishJob("RandomForest", "-I 1000 -S 1");
		await().atMost(Pipeline.JOB_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> "RUNNING".equals(this.pipeline.jobStatus(jobId).path("status").asString()));
		this.pipeline.kafka.stop();
		this.pipeline.kafka.start();

		JsonNode job = this.pipeline.awaitJob(jobId);
		assertThat(job.path("status").asString()).isEqualTo("REGISTERED");
		String version = job.path("version").asString();
		JsonNode decision = this.pipeline.awaitDecision(version, null);
		assertThat(decision.path("outcome").asString()).isIn("PROMOTED", "REJECTED");

		Experiment experiment = this.pipeline.tracking.findExperiment(this.pipeline.model).orElseThrow();
		assertThat(this.pipeline.tracking.searchRuns(List.of(experiment.id()), "tags.job_id = '" + jobId + "'")
			.stream()
			.filter((run) -> "FINISHED".equals(run.status().name()))).hasSize(1);
		assertThat(this.pipeline.registry.searchModelVersions(this.pipeline.model)
			.stream()
			.filter((candidate) -> jobId.equals(candidate.tags().get("job_id")))).hasSize(1);
		assertThat(this.pipeline.decisionsOf(version)).hasSize(1);
	}

	@Test
	@Order(8)
	void anMlflowOutageDuringAPromotionIsWaitedOutWithoutLosingTheDecision() throws Exception {
		Optional<MlflowTestServer> server = MlflowServer.testServer();
		assumeThat(server).as("only the test server can be taken down").isPresent();
		this.pipeline.promoter.close();
		String jobId = this.pipeline.publishJob("J48", "-C 0.1 -M 2");
		String version = this.pipeline.awaitJob(jobId).path("version").asString();
		// the job reads REGISTERED once its run has the version's tag; the trainer then
		// ends the run and only after that announces the version: MLflow goes down
		// once the announcement is out, not in between
		Experiment experiment = this.pipeline.tracking.findExperiment(this.pipeline.model).orElseThrow();
		await().atMost(Pipeline.SWAP_TIMEOUT)
			.until(() -> this.pipeline.tracking.searchRuns(List.of(experiment.id()), "tags.job_id = '" + jobId + "'")
				.stream()
				.anyMatch((run) -> "FINISHED".equals(run.status().name())));

		server.get().setUnavailable(true);
		try {
			this.pipeline.promoter = AppProcess.start("promoter", this.pipeline.environment(), this.pipeline.logs)
				.signInAs("operator", "e2e-operator");
			this.pipeline.promoter.awaitLive(Duration.ofSeconds(180));
			int before = server.get().requests().size();
			// the promoter reads the candidate version, fails, and keeps retrying
			await().atMost(Pipeline.SWAP_TIMEOUT)
				.until(() -> server.get()
					.requests()
					.stream()
					.skip(before)
					.filter((request) -> request.path().equals("/api/2.0/mlflow/model-versions/get"))
					.filter((request) -> request.query() != null && request.query().contains("version=" + version))
					.count() >= 2);
			// the promoter says MLflow is down rather than answering from memory
			assertThat(this.pipeline.promoter.get("/models/" + this.pipeline.model + "/decisions").statusCode())
				.isEqualTo(503);
			assertThat(this.pipeline.serving.post("/predict", Pipeline.IRIS_ROW).statusCode()).isEqualTo(200);
		}
		finally {
			server.get().setUnavailable(false);
		}
		JsonNode decision = this.pipeline.awaitDecision(version, null);
		assertThat(decision.path("outcome").asString()).isIn("PROMOTED", "REJECTED");
		assertThat(this.pipeline.decisionsOf(version)).hasSize(1);
		assertThat(this.pipeline.servingVersion())
			.isEqualTo(this.pipeline.registry.findVersionByAlias(this.pipeline.model, "champion")
				.map(ModelVersion::version)
				.orElseThrow());
	}

	@Test
	@Order(9)
	void aWrapperClassifierThatLoadsAModelFromAFileIsRefusedAtTheJobAtThePromoterAndInServing(@TempDir Path temp)
			throws Exception {
		String champion = this.pipeline.servingVersion();
		// through the trainer: the algorithm is not on the allow-list, whatever its
		// option
		String body = """
				{"modelName": "%s", "dataset": {"uri": "builtin:iris"},
				 "algorithm": "weka.classifiers.misc.InputMappedClassifier", "options": "-L %s"}"""
			.formatted(this.pipeline.model, temp.resolve("inner.model"));
		HttpResponse<String> refused = this.pipeline.trainer.post("/jobs", body);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(refused.body()).contains("InputMappedClassifier");

		// planted in the registry with an honest digest: the promoter will not promote it
		ModelVersion planted = new Attacker(this.pipeline).plantWrapper(temp.resolve("inner.model"), Snapshots.iris());
		HttpResponse<String> promote = this.pipeline.promoter.post(
				"/models/" + this.pipeline.model + "/versions/" + planted.version() + "/promote",
				"{\"reason\": \"trust me\"}");
		assertThat(promote.statusCode()).as(promote.body()).isIn(409, 422);
		assertThat(promote.body()).contains("InputMappedClassifier");
		assertThat(this.pipeline.registry.findVersionByAlias(this.pipeline.model, "champion"))
			.map(ModelVersion::version)
			.contains(champion);

		// moved to production behind the promoter's back: serving refuses it and keeps
		// its model
		this.pipeline.registry.setAlias(this.pipeline.model, "champion", planted.version());
		try {
			new Attacker(this.pipeline).publish("model-promoted", this.pipeline.model,
					promotedJson(planted.version(), champion));
			await().atMost(Pipeline.SWAP_TIMEOUT).untilAsserted(() -> {
				JsonNode model = this.pipeline.read(this.pipeline.serving.get("/model"));
				assertThat(model.path("lastLoadError").path("version").asString()).isEqualTo(planted.version());
				assertThat(model.path("lastLoadError").path("kind").asString()).isEqualTo("file_reference");
			});
			assertThat(
					this.pipeline.serving.post("/predict", Pipeline.IRIS_ROW).headers().firstValue("X-Model-Version"))
				.contains(champion);
		}
		finally {
			this.pipeline.registry.setAlias(this.pipeline.model, "champion", champion);
		}
	}

	@Test
	@Order(10)
	void aRegistrationWhoseMetricsTheRegistryDoesNotHaveIsDeadLetteredAndDecidesNothing() throws Exception {
		Attacker attacker = new Attacker(this.pipeline);
		ModelVersion planted = attacker.plantWithoutMetrics(Snapshots.iris());
		String forged = """
				{"eventId":"forged-%s","jobId":"none","modelName":"%s","version":"%s","runId":"%s",\
				"algorithm":"weka.classifiers.trees.J48","metrics":{"accuracy":0.999},"artifactUri":"%s",\
				"sha256":"%s","registeredAt":"2026-12-01T00:00:00Z","note":"kept"}""".formatted(planted.version(),
				this.pipeline.model, planted.version(), planted.runId(), planted.source(),
				planted.tags().get("sha256"));
		attacker.publish("model-registered", this.pipeline.model, forged);

		var dead = attacker.deadLetter("model-registered", this.pipeline.model);
		assertThat(new String(dead.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(forged);
		assertThat(Attacker.headerNames(dead)).anyMatch((name) -> name.startsWith("pipeline_rejected_"));
		assertThat(Attacker.header(dead, "kafka_dlt-exception-message")).contains("accuracy");
		assertThat(this.pipeline.decisionsOf(planted.version())).isEmpty();
	}

	@Test
	@Order(20)
	void anUnsignedJobStraightOnKafkaIsDeadLetteredAndTrainsNothing() throws Exception {
		Attacker attacker = new Attacker(this.pipeline);
		String jobId = "unsigned-" + UUID.randomUUID();
		String job = """
				{"jobId":"%s","modelName":"%s","dataset":{"uri":"builtin:iris"},"algorithm":"J48","requestedBy":"mallory"}"""
			.formatted(jobId, this.pipeline.model);
		attacker.publishUnsigned("training-jobs", this.pipeline.model, job);

		var dead = attacker.deadLetter("training-jobs", this.pipeline.model, job);
		assertThat(Attacker.header(dead, "pipeline_rejected_signature")).isEqualTo("missing-signature");
		HttpResponse<String> status = this.pipeline.trainer.get("/jobs/" + jobId + "?modelName=" + this.pipeline.model);
		assertThat(status.statusCode()).as(status.body()).isEqualTo(404);
	}

	@Test
	@Order(11)
	void aRecordKeyedByAnotherModelIsDeadLetteredInsteadOfOvertakingItsModelsEvents() throws Exception {
		Attacker attacker = new Attacker(this.pipeline);
		String key = "not-" + this.pipeline.model;
		String job = """
				{"jobId":"wrong-key-%s","modelName":"%s","dataset":{"uri":"builtin:iris"},"algorithm":"ZeroR"}"""
			.formatted(System.nanoTime(), this.pipeline.model);
		attacker.publish("training-jobs", key, job);

		var dead = attacker.deadLetter("training-jobs", key);
		assertThat(new String(dead.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(job);
		assertThat(Attacker.header(dead, "kafka_dlt-exception-message")).contains("keyed");
	}

	@Test
	@Order(12)
	void aCandidateOnANewSnapshotIsPromotedOnTheChampionRescoredOnThatSnapshot() throws Exception {
		String champion = this.pipeline.servingVersion();
		Instances snapshot = Snapshots.millimetres(Snapshots.iris(), 1);
		Snapshots.write(snapshot, this.pipeline.dataDirectory().resolve("iris-mm-1.arff"));
		String version = this.pipeline.runJob("J48", "-C 0.25 -M 2", "file:iris-mm-1.arff").path("version").asString();

		JsonNode decision = this.pipeline.awaitDecision(version, "PROMOTED");
		JsonNode comparison = decision.path("comparison");
		assertThat(comparison.path("basis").asString()).isEqualTo("paired-folds");
		assertThat(comparison.path("pValue").asDouble()).isLessThan(0.05);
		assertThat(comparison.path("folds").size()).isEqualTo(10);
		assertThat(decision.path("championVersion").asString()).isEqualTo(champion);
		// trained on the centimetre rows, the champion never saw these
		assertThat(comparison.path("championTrainedOnTheseRows").asBoolean()).isFalse();
		assertThat(decision.path("reasons").toString()).contains("on the same folds:", "significant (p = ");
		JsonNode cost = decision.path("cost");
		assertThat(cost.path("candidate").path("latencyP99Ms").asDouble()).isPositive();
		assertThat(cost.path("champion").path("modelBytes").asDouble()).isPositive();

		// the candidate's run holds what the decision rests on, and it reproduces the
		// p-value
		Run run = this.pipeline.tracking
			.getRun(this.pipeline.registry.getModelVersion(this.pipeline.model, version).runId());
		assertThat(run.tags()).containsEntry("champion.version", champion).doesNotContainKey("champion.not_scored");
		assertThat(run.metrics()).containsKeys("champion.accuracy", "latency_p50_ms", "latency_p99_ms",
				"model_size_bytes", "heap_bytes", "champion.latency_p99_ms", "champion.heap_bytes");
		PairedEvaluation paired = PairedEvaluation
			.read(this.pipeline.artifacts.download(run.artifactUri(), PairedEvaluation.FILE));
		PairedEvaluation.Pairs pairs = paired.pairs("accuracy").orElseThrow();
		// Weka's own Experimenter statistics on the stored folds give the same p-value
		PairedStatsCorrected weka = new PairedStatsCorrected(0.05, paired.testTrainRatio());
		for (int fold = 0; fold < pairs.candidate().length; fold++) {
			weka.add(pairs.candidate()[fold], pairs.champion()[fold]);
		}
		weka.calculateDerived();
		assertThat(comparison.path("pValue").asDouble()).isCloseTo(weka.differencesProbability, within(1e-12));
		assertThat(this.pipeline.tracking.metricHistory(run.id(), "champion.fold.accuracy"))
			.containsExactly(Arrays.stream(pairs.champion()).boxed().toArray(Double[]::new));

		// and the champion really was scored on the new snapshot's test folds: its own
		// file, verified, scores exactly those values on the folds cut the trainer's way
		Classifier scored = new VerifiedModelFiles(this.pipeline.registry, this.pipeline.artifacts,
				ModelFileLimits.DEFAULTS)
			.fetch(this.pipeline.registry.getModelVersion(this.pipeline.model, champion))
			.classifier();
		Random random = new Random(1);
		Instances folds = new Instances(snapshot);
		folds.randomize(random);
		folds.stratify(10);
		for (int fold = 0; fold < 10; fold++) {
			folds.trainCV(10, fold, random);
			Instances test = folds.testCV(10, fold);
			int right = 0;
			for (weka.core.Instance row : test) {
				right += (scored.classifyInstance(row) == row.classValue()) ? 1 : 0;
			}
			assertThat(pairs.champion()[fold]).as("fold %d", fold)
				.isCloseTo((double) right / test.numInstances(), within(1e-12));
		}
		this.pipeline.awaitServing(version);
	}

	@Test
	@Order(13)
	void aGainThatIsNotSignificantOnTheSameFoldsIsRejected() throws Exception {
		String champion = this.pipeline.servingVersion();
		Snapshots.write(Snapshots.millimetres(Snapshots.iris(), 2),
				this.pipeline.dataDirectory().resolve("iris-mm-2.arff"));
		String version = this.pipeline.runJob("Logistic", "", "file:iris-mm-2.arff").path("version").asString();

		JsonNode decision = this.pipeline.awaitDecision(version, "REJECTED");
		JsonNode comparison = decision.path("comparison");
		assertThat(comparison.path("basis").asString()).isEqualTo("paired-folds");
		assertThat(comparison.path("difference").asDouble()).isGreaterThanOrEqualTo(0.01);
		assertThat(comparison.path("pValue").asDouble()).isGreaterThan(0.05);
		assertThat(decision.path("reasons").toString()).contains("is not significant (p = ");
		assertThat(this.pipeline.servingVersion()).isEqualTo(champion);
	}

	private String promotedJson(String version, String previous) {
		ModelVersion target = this.pipeline.registry.getModelVersion(this.pipeline.model, version);
		return """
				{"eventId":"planted-%s","modelName":"%s","version":"%s","previousVersion":"%s","runId":"%s",\
				"artifactUri":"%s","sha256":"%s","cause":"MANUAL","promotedAt":"2026-12-01T00:00:00Z"}""".formatted(
				version, this.pipeline.model, version, previous, target.runId(), target.source(),
				target.tags().get("sha256"));
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
						HttpResponse<String> response = serving.post("/predict", Pipeline.IRIS_ROW);
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
