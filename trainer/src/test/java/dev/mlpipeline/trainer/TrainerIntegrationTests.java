package dev.mlpipeline.trainer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import weka.classifiers.Classifier;
import weka.classifiers.trees.J48;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.converters.ConverterUtils.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.event.TrainingRequested.Dataset;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;
import dev.mlpipeline.security.test.ActuatorExposure;
import dev.mlpipeline.security.test.FreshConnections;
import dev.mlpipeline.security.test.OpenApiContract;
import dev.mlpipeline.mlflow.ArtifactFile;
import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.LoggedModel;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.RunStatus;
import dev.mlpipeline.mlflow.evaluation.ChampionScoring;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.trainer.registration.JobRuns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

// closed after the class: its trainer would otherwise keep training the jobs that
// SignedJobsTests proves a trainer with a signing key refuses
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
class TrainerIntegrationTests {

	static final Path DATA_DIR = dataDirectory();

	static KafkaEvents events;

	static Producer<String, Object> producer;

	/** Signed in as the tests' data scientist (trainer and viewer). */
	WebTestClient http;

	/** Without credentials. */
	WebTestClient anonymous;

	@Autowired
	MlflowTracking tracking;

	@Autowired
	ModelRegistry registry;

	@Autowired
	MlflowArtifacts artifacts;

	@Autowired
	MlflowCapabilities capabilities;

	@Autowired
	LoggedModels loggedModels;

	@Autowired
	ConsumerFactory<?, ?> consumerFactory;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	@Autowired
	AccessRules accessRules;

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
		registry.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
		registry.add("trainer.data-dir", DATA_DIR::toString);
	}

	@Autowired
	void signIn(@LocalServerPort int port) {
		// a new connection per request (FreshConnections says why), waiting 30 s: a job
		// looked up by its id alone searches every experiment of the shared server
		this.anonymous = FreshConnections.client(port);
		this.http = this.anonymous.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth("scientist", "scientist-pass"))
			.build();
	}

	@BeforeAll
	static void clients() {
		events = new KafkaEvents();
		producer = KafkaBroker.producer();
	}

	@AfterAll
	static void closeClients() {
		events.close();
		producer.close();
	}

	@Test
	void trainsJ48OnIrisRecordsTheRunRegistersAVersionAndAnnouncesItOnce() throws Exception {
		String model = unique("iris");
		TrainingRequested job = job(model, "builtin:iris", "J48", "-C 0.25 -M 2");
		send(job);
		ModelRegistered event = events.awaitRegistered(job.jobId());
		assertThat(event.modelName()).isEqualTo(model);
		assertThat(event.algorithm()).isEqualTo("weka.classifiers.trees.J48");
		assertThat(event.metrics().get("accuracy")).isCloseTo(0.96, within(1e-9));
		assertThat(event.eventId()).isNotBlank();

		Run run = onlyRun(model, job.jobId());
		assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
		assertThat(event.runId()).isEqualTo(run.id());
		assertThat(run.tags()).containsEntry("job_id", job.jobId())
			.containsEntry("algorithm", "weka.classifiers.trees.J48")
			.containsEntry("dataset", "builtin:iris")
			.containsEntry("registered_version", event.version());
		assertThat(run.params()).containsEntry("algorithm", "weka.classifiers.trees.J48")
			.containsEntry("options", "-C 0.25 -M 2")
			.containsEntry("dataset", "builtin:iris")
			.containsEntry("num_instances", "150")
			.containsEntry("num_attributes", "5")
			.containsEntry("evaluation", "10-fold cross-validation, seed 1");
		assertThat(run.metrics()).containsKeys("accuracy", "kappa", "weighted_precision", "weighted_recall",
				"weighted_f1", "weighted_roc_auc", "mean_absolute_error", "root_mean_squared_error", "training_time_ms",
				"cv_time_ms", "fit_time_ms", "precision.Iris-setosa", "recall.Iris-virginica");
		assertThat(run.metrics().get("training_time_ms"))
			.isEqualTo(run.metrics().get("cv_time_ms") + run.metrics().get("fit_time_ms"));
		// the last phase recorded, and the last fold of the cross-validation before it
		assertThat(run.tags()).containsEntry("phase", "registering")
			.containsEntry("fold", "10")
			.containsEntry("folds", "10");
		assertThat(run.metrics().get("kappa")).isCloseTo(0.94, within(1e-9));

		ModelVersion version = this.registry.getModelVersion(model, event.version());
		assertThat(version.isReady()).isTrue();
		assertThat(version.runId()).isEqualTo(run.id());
		assertThat(version.source()).isEqualTo(event.artifactUri()).isEqualTo(run.tags().get("registered_source"));
		String modelDirectory = this.registry.getDownloadUri(model, event.version());
		Map<String, Object> mlmodel = new Yaml().load(text(modelDirectory, "MLmodel"));
		if (this.capabilities.loggedModels()) {
			// MLflow 3: a LoggedModel with its own files, params and
			// metrics, the run's output
			String modelId = run.tags().get("model_id");
			assertThat(version.source()).isEqualTo("models:/" + modelId);
			assertThat(run.modelOutputs()).containsExactly(modelId);
			LoggedModel logged = this.loggedModels.get(modelId);
			assertThat(logged.isReady()).isTrue();
			assertThat(logged.sourceRunId()).isEqualTo(run.id());
			assertThat(logged.artifactUri()).isEqualTo(modelDirectory);
			assertThat(logged.params()).containsEntry("options", "-C 0.25 -M 2");
			assertThat(logged.metrics().get("accuracy")).isCloseTo(0.96, within(1e-9));
			assertThat(logged.tags()).containsEntry("job_id", job.jobId());
			assertThat(mlmodel).containsEntry("model_id", modelId).containsEntry("model_uuid", modelId);
			assertThat(names(this.artifacts.list(run.artifactUri(), "")))
				.contains("confusion_matrix.png", "evaluation_summary.txt")
				.doesNotContain("model");
		}
		else {
			// MLflow 2: the run's model/ directory
			assertThat(version.source()).isEqualTo(run.artifactUri() + "/model").isEqualTo(modelDirectory);
			assertThat(run.modelOutputs()).isEmpty();
			assertThat(names(this.artifacts.list(run.artifactUri(), ""))).contains("model", "confusion_matrix.png",
					"evaluation_summary.txt");
		}
		assertThat(names(this.artifacts.list(modelDirectory, ""))).contains("model.weka", "MLmodel", "schema.json",
				"model.weka.sha256", "input_example.json", "serving_input_example.json");
		assertThat(mlmodel).containsEntry("artifact_path", "model")
			.containsEntry("run_id", run.id())
			.containsKeys("flavors", "signature", "saved_input_example_info");
		assertThat(((Map<?, ?>) mlmodel.get("signature")).get("inputs").toString())
			.contains("{\"type\":\"double\",\"name\":\"sepallength\",\"required\":true}");
		assertThat(text(modelDirectory, "input_example.json")).startsWith("{\"columns\":[\"sepallength\",");
		assertThat(text(modelDirectory, "serving_input_example.json")).startsWith("{\"dataframe_split\":{\"columns\":");
		FeatureSchema schema = FeatureSchema.read(this.artifacts.download(modelDirectory, "schema.json"));
		assertThat(schema.target().values()).containsExactly("Iris-setosa", "Iris-versicolor", "Iris-virginica");
		assertThat(this.artifacts.download(run.artifactUri(), "confusion_matrix.png")).startsWith((byte) 0x89,
				(byte) 'P', (byte) 'N', (byte) 'G');

		assertThat(version.tags()).containsEntry("job_id", job.jobId())
			.containsEntry("algorithm", "weka.classifiers.trees.J48")
			.containsEntry("sha256", event.sha256())
			.containsKeys("metric.accuracy", "metric.kappa", "metric.weighted_f1", "metric.weighted_roc_auc");
		assertThat(Double.parseDouble(version.tags().get("metric.accuracy"))).isCloseTo(0.96, within(1e-9));

		byte[] modelFile = this.artifacts.download(modelDirectory, "model.weka");
		assertThat(sha256(modelFile)).isEqualTo(event.sha256());
		assertThat(text(modelDirectory, "model.weka.sha256")).isEqualTo(event.sha256());

		sendAndAwaitLaterJob(model);
		assertThat(events.registered(job.jobId())).hasSize(1);
	}

	@Test
	void theUploadedModelPredictsExactlyWhatTheTrainedModelDid() throws Exception {
		String model = unique("iris-predict");
		TrainingRequested job = job(model, "builtin:iris", "J48", null);
		send(job);
		ModelRegistered event = events.awaitRegistered(job.jobId());
		Object[] read = SerializationHelper.readAll(new ByteArrayInputStream(
				this.artifacts.download(this.registry.getDownloadUri(model, event.version()), "model.weka")));
		Classifier loaded = (Classifier) read[0];
		Instances header = (Instances) read[1];
		Instances iris = iris();
		assertThat(header.equalHeaders(iris)).isTrue();
		// J48 is deterministic: the same data and options build the same tree the trainer
		// built
		J48 trained = new J48();
		trained.buildClassifier(iris);
		for (int i = 0; i < iris.numInstances(); i++) {
			assertThat(loaded.distributionForInstance(iris.instance(i)))
				.containsExactly(trained.distributionForInstance(iris.instance(i)));
		}
	}

	@Test
	void aJobDeliveredThreeTimesTrainsOnceAndRepeatsTheSameEvent() {
		String model = unique("iris-redelivered");
		TrainingRequested job = job(model, "builtin:iris", "NaiveBayes", null);
		send(job);
		send(job);
		send(job);
		sendAndAwaitLaterJob(model);
		List<ModelRegistered> announced = events.registered(job.jobId());
		assertThat(announced).hasSize(3);
		assertThat(announced).allSatisfy((event) -> assertThat(event).isEqualTo(announced.get(0)));
		assertThat(onlyRun(model, job.jobId()).status()).isEqualTo(RunStatus.FINISHED);
		assertThat(this.registry.searchModelVersions(model)
			.stream()
			.filter((version) -> job.jobId().equals(version.tags().get("job_id")))).hasSize(1);
	}

	@Test
	void anAttemptThatDiedMidWayIsMarkedFailedAndTheJobTrainedAfresh() {
		String model = unique("iris-retried");
		TrainingRequested job = job(model, "builtin:iris", "ZeroR", null);
		Experiment experiment = this.tracking.getOrCreateExperiment(model);
		Run dead = this.tracking.createRun(experiment.id(), job.jobId(),
				Map.of("job_id", job.jobId(), "job_fingerprint", JobRuns.fingerprint(job)));
		send(job);
		ModelRegistered event = events.awaitRegistered(job.jobId());
		Run abandoned = this.tracking.getRun(dead.id());
		assertThat(abandoned.status()).isEqualTo(RunStatus.FAILED);
		assertThat(abandoned.tags()).containsKey("abandoned_reason");
		assertThat(event.runId()).isNotEqualTo(dead.id());
		assertThat(this.tracking.getRun(event.runId()).status()).isEqualTo(RunStatus.FINISHED);
	}

	@Test
	void theLoggedModelOfAnAttemptThatDiedBeforeRegisteringIsMarkedFailedNotLeftPending() {
		assumeTrue(this.capabilities.loggedModels(), "the server has no LoggedModels (MLflow 2)");
		String model = unique("iris-abandoned-model");
		TrainingRequested job = job(model, "builtin:iris", "ZeroR", null);
		Experiment experiment = this.tracking.getOrCreateExperiment(model);
		Run dead = this.tracking.createRun(experiment.id(), job.jobId(),
				Map.of("job_id", job.jobId(), "job_fingerprint", JobRuns.fingerprint(job)));
		LoggedModel pending = this.loggedModels.create(experiment.id(), "model", dead.id(), "Classifier", Map.of(),
				Map.of());
		this.tracking.setTag(dead.id(), JobRuns.MODEL_ID, pending.id());
		send(job);
		ModelRegistered event = events.awaitRegistered(job.jobId());
		assertThat(this.loggedModels.get(pending.id()).status()).isEqualTo(LoggedModel.UPLOAD_FAILED);
		assertThat(event.artifactUri()).startsWith("models:/m-").isNotEqualTo(pending.source());
		assertThat(this.loggedModels.get(event.artifactUri().substring("models:/".length())).isReady()).isTrue();
	}

	@Test
	void anAttemptThatDiedAfterRegisteringItsVersionIsFinishedWithThatVersionNotRegisteredAgain() {
		String model = unique("iris-adopted");
		TrainingRequested job = job(model, "builtin:iris", "J48", null);
		Experiment experiment = this.tracking.getOrCreateExperiment(model);
		Run dead = this.tracking.createRun(experiment.id(), job.jobId(), Map.of("job_id", job.jobId(), "algorithm",
				"weka.classifiers.trees.J48", "job_fingerprint", JobRuns.fingerprint(job)));
		this.tracking.logBatch(dead.id(), Map.of(), Map.of("accuracy", 0.96), Map.of());
		this.registry.getOrCreateRegisteredModel(model);
		ModelVersion orphan = this.registry.createModelVersion(model, dead.artifactUri() + "/model", dead.id(),
				Map.of("job_id", job.jobId(), "sha256", "ab".repeat(32)));

		send(job);
		ModelRegistered event = events.awaitRegistered(job.jobId());
		assertThat(event.runId()).isEqualTo(dead.id());
		assertThat(event.version()).isEqualTo(orphan.version());
		assertThat(event.sha256()).isEqualTo("ab".repeat(32));
		assertThat(event.metrics()).containsEntry("accuracy", 0.96);
		assertThat(this.tracking.getRun(dead.id()).status()).isEqualTo(RunStatus.FINISHED);
		assertThat(this.registry.searchModelVersions(model)).hasSize(1);
	}

	@Test
	void trainsOnACsvFileInTheDataDirectory() {
		String model = unique("weather");
		TrainingRequested job = new TrainingRequested(unique("job"), model, new Dataset("file:csv/weather.csv", "play"),
				"J48", null, new TrainingRequested.Evaluation(5, 2L, null), Instant.now(), null);
		send(job);
		ModelRegistered event = events.awaitRegistered(job.jobId());
		Run run = this.tracking.getRun(event.runId());
		assertThat(run.params()).containsEntry("dataset", "file:csv/weather.csv")
			.containsEntry("num_instances", "14")
			.containsEntry("class_attribute", "play")
			.containsEntry("evaluation", "5-fold cross-validation, seed 2");
		assertThat(this.registry.getModelVersion(model, event.version()).isReady()).isTrue();
		// the observation pipeline.training, a timer for Prometheus (and a span with
		// tracing on), stops just after the event is sent
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Timer training = this.meters.find("pipeline.training")
				.tags("pipeline.model", model, "pipeline.algorithm", "weka.classifiers.trees.J48", "outcome",
						"registered")
				.timer();
			assertThat(training).isNotNull();
			assertThat(training.count()).isEqualTo(1);
			assertThat(training.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "builtin:iris | DeepForest |  | algorithm: unknown algorithm 'DeepForest'",
			"builtin:iris | J48 | -C abc | options: J48 rejects '-C abc'",
			"builtin:nope | J48 |  | dataset.uri: unknown built-in data set 'nope'",
			"file:../secret.csv | J48 |  | dataset.uri: '../secret.csv' leaves the data directory",
			"builtin:iris | weka.classifiers.functions.LinearRegression |  | algorithm: 'weka.classifiers.functions.LinearRegression' is not an algorithm the trainer allows",
			"builtin:iris | Bagging | -W weka.classifiers.misc.SerializedClassifier -- -model /etc/passwd | options: 'weka.classifiers.misc.SerializedClassifier' is never allowed",
			"file:csv/header-only.csv | J48 |  | dataset.uri: the data set has no rows",
			"file:csv/semicolon.csv | J48 |  | dataset.uri: 'semicolon.csv' reads as a single column: CSV values must be separated by commas, and its header line has no comma but found ';'" })
	void aBadJobOnKafkaEndsAsAFailedRunAndTrainingFailed(String uri, String algorithm, String options, String reason) {
		String model = unique("bad");
		TrainingRequested job = new TrainingRequested(unique("job"), model, new Dataset(uri, null), algorithm, options,
				null, Instant.now(), null);
		send(job);
		TrainingFailed failed = events.awaitFailed(job.jobId());
		assertThat(failed.modelName()).isEqualTo(model);
		assertThat(failed.reason()).startsWith(reason);
		Run run = onlyRun(model, job.jobId());
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
		assertThat(run.tags()).containsEntry("failure_reason", failed.reason());
		this.http.get()
			.uri("/jobs/{jobId}?modelName={model}", job.jobId(), model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("FAILED")
			.jsonPath("$.reason")
			.isEqualTo(failed.reason());
		assertThat(this.registry.findRegisteredModel(model)).isEmpty();
	}

	@Test
	void aJobWithoutAModelNameIsRecordedAsFailedAmongInvalidJobs() {
		TrainingRequested job = new TrainingRequested(unique("job"), null, new Dataset("builtin:iris", null), "J48",
				null, null, Instant.now(), null);
		send(job);
		TrainingFailed failed = events.awaitFailed(job.jobId());
		assertThat(failed.reason()).isEqualTo("modelName: is required");
		Run run = onlyRun("trainer-invalid-jobs", job.jobId());
		assertThat(run.status()).isEqualTo(RunStatus.FAILED);
	}

	@Test
	void aBadJobDeliveredAgainRepeatsTheSameFailure() {
		String model = unique("bad-again");
		TrainingRequested job = job(model, "builtin:iris", "DeepForest", null);
		send(job);
		send(job);
		sendAndAwaitLaterJob(model);
		List<TrainingFailed> failures = events.failed((event) -> job.jobId().equals(event.jobId()));
		assertThat(failures).hasSize(2);
		assertThat(failures.get(1)).isEqualTo(failures.get(0));
		assertThat(onlyRun(model, job.jobId()).status()).isEqualTo(RunStatus.FAILED);
	}

	@Test
	void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextJobStillTrains() throws Exception {
		String model = unique("malformed");
		try (Producer<String, byte[]> raw = KafkaBroker.rawProducer();
				Consumer<String, byte[]> deadLetters = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"))) {
			raw.send(new ProducerRecord<>(Topics.TRAINING_JOBS, model, "{not a job".getBytes(StandardCharsets.UTF_8)))
				.get();
			TrainingRequested next = job(model, "builtin:iris", "ZeroR", null);
			send(next);
			deadLetters.subscribe(List.of(Topics.TRAINING_JOBS + ".DLT"));
			List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
			await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
				deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
				return dead.stream().anyMatch((record) -> model.equals(record.key()));
			});
			assertThat(
					new String(dead.stream().filter((record) -> model.equals(record.key())).findFirst().get().value(),
							StandardCharsets.UTF_8))
				.isEqualTo("{not a job");
			assertThat(events.awaitRegistered(next.jobId()).modelName()).isEqualTo(model);
		}
	}

	@Test
	void aJobIdReusedForADifferentJobIsRefusedAndNeverReportsTheOldVersion() {
		String model = unique("iris-reused");
		TrainingRequested zeroR = job(model, "builtin:iris", "ZeroR", null);
		send(zeroR);
		ModelRegistered old = events.awaitRegistered(zeroR.jobId());
		Map<String, Object> forest = new HashMap<>(Map.of("jobId", zeroR.jobId(), "modelName", model, "dataset",
				Map.of("uri", "builtin:iris"), "algorithm", "RandomForest", "options", "-I 10 -S 1"));

		this.http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(forest)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.jobId")
			.isEqualTo(zeroR.jobId())
			.jsonPath("$.runId")
			.isEqualTo(old.runId())
			.jsonPath("$.modelName")
			.isEqualTo(model)
			.jsonPath("$.status")
			.isEqualTo("REGISTERED")
			.jsonPath("$.message")
			.value(String.class, (message) -> assertThat(message).contains("already used by a different job"));

		this.http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("jobId", zeroR.jobId(), "modelName", model, "dataset", Map.of("uri", "builtin:iris"),
					"algorithm", "ZeroR"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.duplicate")
			.isEqualTo(true)
			.jsonPath("$.status")
			.isEqualTo("REGISTERED");

		// straight on Kafka, the different job with the old id is dead-lettered
		TrainingRequested impostor = new TrainingRequested(zeroR.jobId(), model, new Dataset("builtin:iris", null),
				"RandomForest", "-I 10 -S 1", null, Instant.now(), null);
		try (Consumer<String, byte[]> deadLetters = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"))) {
			deadLetters.subscribe(List.of(Topics.TRAINING_JOBS + ".DLT"));
			send(impostor);
			ConsumerRecord<String, byte[]> dead = awaitDeadLetter(deadLetters,
					(record) -> model.equals(record.key()) && utf8(record.value()).contains("RandomForest"));
			assertThat(header(dead, "kafka_dlt-exception-message")).contains("already used by a different job");
			assertThat(header(dead, "pipeline_rejected_existing_run_id")).isEqualTo(old.runId());
		}
		sendAndAwaitLaterJob(model);
		assertThat(events.registered(zeroR.jobId())).hasSize(1);
		assertThat(onlyRun(model, zeroR.jobId()).id()).isEqualTo(old.runId());
	}

	@Test
	void aRecordNotKeyedByItsModelNameIsDeadLetteredAndTheConsumerMovesOn() throws Exception {
		String model = unique("iris-keyed");
		TrainingRequested misKeyed = job(model, "builtin:iris", "ZeroR", null);
		try (Consumer<String, byte[]> deadLetters = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"))) {
			deadLetters.subscribe(List.of(Topics.TRAINING_JOBS + ".DLT"));
			producer.send(new ProducerRecord<>(Topics.TRAINING_JOBS, "another-model", misKeyed)).get();
			ConsumerRecord<String, byte[]> dead = awaitDeadLetter(deadLetters,
					(record) -> utf8(record.value()).contains(misKeyed.jobId()));
			assertThat(dead.key()).isEqualTo("another-model");
			assertThat(header(dead, "kafka_dlt-exception-message")).contains("keyed 'another-model'");
		}
		sendAndAwaitLaterJob(model);
		assertThat(events.records(misKeyed.jobId())).isEmpty();
		assertThat(this.tracking.searchRuns(List.of(this.tracking.findExperiment(model).orElseThrow().id()),
				"tags.job_id = '" + misKeyed.jobId() + "'"))
			.isEmpty();
	}

	@Test
	void withMlflowDownFollowingOrPostingAJobAnswers503WithAReason() {
		MlflowTestServer server = MlflowServer.testServer().orElse(null);
		Assumptions.assumeTrue(server != null, "needs the in-process MLflow double to switch it off");
		server.setUnavailable(true);
		try {
			this.http.get()
				.uri("/jobs/{jobId}?modelName={model}", unique("job"), unique("down"))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.message")
				.value(String.class, (message) -> assertThat(message).startsWith("MLflow is unavailable"));
			this.http.post()
				.uri("/jobs")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("modelName", unique("down"), "dataset", Map.of("uri", "builtin:iris"), "algorithm",
						"ZeroR"))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.message")
				.value(String.class, (message) -> assertThat(message).startsWith("MLflow is unavailable"));
		}
		finally {
			server.setUnavailable(false);
		}
	}

	@Test
	void mlflowBeingDownDelaysAJobWithoutLosingIt() {
		MlflowTestServer server = MlflowServer.testServer().orElse(null);
		Assumptions.assumeTrue(server != null, "needs the in-process MLflow double to switch it off");
		String model = unique("iris-outage");
		TrainingRequested job = job(model, "builtin:iris", "J48", null);
		int before = server.requests().size();
		server.setUnavailable(true);
		try {
			send(job);
			// several attempts, each answered 503, then the listener's back-off and
			// another try
			await().atMost(Duration.ofSeconds(60)).until(() -> server.requests().size() > before + 6);
			assertThat(events.records(job.jobId())).isEmpty();
		}
		finally {
			server.setUnavailable(false);
		}
		ModelRegistered event = events.awaitRegistered(job.jobId());
		assertThat(onlyRun(model, job.jobId()).id()).isEqualTo(event.runId());
	}

	@Test
	void publishingAJobNeedsTheTrainerRoleAndReadingItTheViewerRole() {
		Map<String, Object> body = Map.of("modelName", unique("guarded"), "dataset", Map.of("uri", "builtin:iris"),
				"algorithm", "ZeroR");
		this.anonymous.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Basic realm=\"pipeline\", charset=\"UTF-8\"")
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("trainer")
			.jsonPath("$.error")
			.value(String.class, (error) -> assertThat(error).startsWith("no credentials: POST /jobs needs"));
		this.anonymous.post()
			.uri("/jobs")
			.headers((headers) -> headers.setBasicAuth("scientist", "not-the-password"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.value(String.class, (error) -> assertThat(error).startsWith("wrong user name or password"));
		this.anonymous.post()
			.uri("/jobs")
			.headers((headers) -> headers.setBasicAuth("reader", "reader-pass"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("trainer")
			.jsonPath("$.user")
			.isEqualTo("reader");
		// an operator is a viewer, not a trainer
		this.anonymous.post()
			.uri("/jobs")
			.headers((headers) -> headers.setBasicAuth("olga", "olga-pass"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isForbidden();
		this.anonymous.get().uri("/jobs/nobody-published-this").exchange().expectStatus().isUnauthorized();
		this.anonymous.get()
			.uri("/jobs/nobody-published-this")
			.headers((headers) -> headers.setBasicAuth("reader", "reader-pass"))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.anonymous.get()
			.uri("/jobs/nobody-published-this")
			.headers((headers) -> headers.setBasicAuth("olga", "olga-pass"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void theServedOpenApiDescriptionIsTheCheckedInOneWithTheRolesTheAccessRulesName() {
		JsonNode description = OpenApiContract.assertServedIsCheckedIn(this.anonymous, "trainer");
		assertThat(OpenApiContract.documentedRole(description, "post", "/jobs"))
			.isEqualTo(this.accessRules.requiredRole(HttpMethod.POST, "/jobs").map(PipelineRole::id).orElse(null))
			.isEqualTo("trainer");
		assertThat(OpenApiContract.documentedRole(description, "get", "/jobs/{jobId}"))
			.isEqualTo(this.accessRules.requiredRole(HttpMethod.GET, "/jobs/42").map(PipelineRole::id).orElse(null))
			.isEqualTo("viewer");
	}

	@Test
	void theActuatorExposesOnlyHealthInfoAndPrometheus() {
		ActuatorExposure.assertOnlyProbesInfoAndMetrics(this.anonymous, "reader", "reader-pass");
	}

	@Test
	void postingAJobAnswers202AndItsStatusEndsRegistered() {
		String model = unique("posted");
		// the body's own claim of who published it is not believed
		Map<String, Object> body = Map.of("modelName", model, "dataset", Map.of("uri", "builtin:iris"), "algorithm",
				"RandomForest", "options", "-I 10 -S 1", "evaluation", Map.of("folds", 3, "seed", 1), "requestedBy",
				"mallory");
		var accepted = this.http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.exists("Location")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String jobId = (String) accepted.get("jobId");
		assertThat(jobId).isNotBlank();
		assertThat(accepted).containsEntry("status", "QUEUED").containsEntry("statusUrl", "/jobs/" + jobId);
		ModelRegistered event = events.awaitRegistered(jobId);
		this.http.get()
			.uri((String) accepted.get("statusUrl"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("REGISTERED")
			.jsonPath("$.version")
			.isEqualTo(event.version())
			.jsonPath("$.runId")
			.isEqualTo(event.runId())
			.jsonPath("$.metrics.accuracy")
			.isEqualTo(event.metrics().get("accuracy"))
			.jsonPath("$.modelName")
			.isEqualTo(model)
			.jsonPath("$.requestedBy")
			.isEqualTo("scientist");
		assertThat(onlyRun(model, jobId).tags()).containsEntry(JobRuns.REQUESTED_BY, "scientist");
		assertThat(publishedJob(jobId).requestedBy()).isEqualTo("scientist");
		// the status URL of earlier versions, with the model, still answers
		this.http.get()
			.uri("/jobs/{jobId}?modelName={model}", jobId, model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("REGISTERED");
	}

	@Test
	void aJobIsFoundFromItsIdAloneWhileRunningWithItsPhaseAndFold() {
		String model = unique("progress");
		String jobId = unique("job");
		Experiment experiment = this.tracking.getOrCreateExperiment(model);
		Run run = this.tracking.createRun(experiment.id(), jobId,
				Map.of("job_id", jobId, "model_name", model, "phase", "cross-validating", "fold", "3", "folds", "10"));
		this.http.get()
			.uri("/jobs/{jobId}", jobId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("RUNNING")
			.jsonPath("$.modelName")
			.isEqualTo(model)
			.jsonPath("$.runId")
			.isEqualTo(run.id())
			.jsonPath("$.phase")
			.isEqualTo("cross-validating")
			.jsonPath("$.progress.fold")
			.isEqualTo(3)
			.jsonPath("$.progress.folds")
			.isEqualTo(10);
		this.tracking.setTag(run.id(), "phase", "fitting");
		this.http.get()
			.uri("/jobs/{jobId}", jobId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.phase")
			.isEqualTo("fitting")
			.jsonPath("$.progress")
			.doesNotExist();
	}

	@Test
	void aJobIdUsedByJobsOfTwoModelsAsksForTheModel() {
		String jobId = unique("job");
		String first = unique("twin");
		String second = unique("twin");
		for (String model : List.of(first, second)) {
			Experiment experiment = this.tracking.getOrCreateExperiment(model);
			this.tracking.createRun(experiment.id(), jobId, Map.of("job_id", jobId, "model_name", model));
		}
		this.http.get()
			.uri("/jobs/{jobId}", jobId)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("modelName")
			.jsonPath("$.message")
			.value(String.class, (message) -> assertThat(message).contains(first).contains(second));
		this.http.get()
			.uri("/jobs/{jobId}?modelName={model}", jobId, second)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.modelName")
			.isEqualTo(second);
	}

	@Test
	void aJobReadsRunningWhileItsAttemptIsUnderWayThenRegistered() {
		MlflowTestServer server = MlflowServer.testServer().orElse(null);
		Assumptions.assumeTrue(server != null, "needs the in-process MLflow double to slow registration down");
		String model = unique("iris-slow");
		TrainingRequested job = job(model, "builtin:iris", "J48", null);
		// the new version stays PENDING_REGISTRATION for several polls (seconds): the run
		// is RUNNING meanwhile
		server.setPendingRegistrationPolls(7);
		try {
			send(job);
			await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(status(job)));
			// waiting for the version to be READY: the status says so
			await().atMost(Duration.ofSeconds(60)).until(() -> "registering".equals(statusOf(job).get("phase")));
		}
		finally {
			server.setPendingRegistrationPolls(0);
		}
		events.awaitRegistered(job.jobId());
		assertThat(status(job)).isEqualTo("REGISTERED");
	}

	@Test
	void theConsumerTakesOneJobPerPollAndMayWaitLongBetweenPolls() {
		Map<String, Object> configs = this.consumerFactory.getConfigurationProperties();
		assertThat(configs).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
			.containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "1800000")
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		MessageListenerContainer container = this.listeners.getListenerContainer("trainer");
		assertThat(container.getContainerProperties().getAckMode()).isEqualTo(ContainerProperties.AckMode.RECORD);
		assertThat(container.getContainerProperties().getTopics()).containsExactly(Topics.TRAINING_JOBS);
	}

	@Test
	void aJobIdNobodyPublishedIsNotFoundWithAJsonBody() {
		String jobId = unique("job");
		this.http.get()
			.uri("/jobs/{jobId}?modelName={model}", jobId, unique("nobody"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.jobId")
			.isEqualTo(jobId)
			.jsonPath("$.message")
			.value(String.class, (message) -> assertThat(message).contains("No job '" + jobId + "'"));
		this.http.get()
			.uri("/jobs/{jobId}", jobId)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.jobId")
			.isEqualTo(jobId);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "iris-rest | builtin:iris | DeepForest |  | algorithm",
					"iris-rest | builtin:iris | J48 | -C abc | options", " | builtin:iris | J48 |  | modelName",
					"iris-rest | builtin:nope | J48 |  | dataset.uri",
					"iris-rest | file:../../etc/passwd | J48 |  | dataset.uri",
					"iris-rest | file:/etc/passwd | J48 |  | dataset.uri",
					"iris-rest | file:csv/header-only.csv | J48 |  | dataset.uri",
					"iris-rest | file:csv/semicolon.csv | J48 |  | dataset.uri" })
	void postingABadJobAnswers400NamingTheField(String model, String uri, String algorithm, String options,
			String field) {
		Map<String, Object> body = new HashMap<>();
		body.put("modelName", model);
		body.put("dataset", Map.of("uri", uri));
		body.put("algorithm", algorithm);
		body.put("options", options);
		this.http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo(field)
			.jsonPath("$.message")
			.isNotEmpty();
	}

	@Test
	void postingUnreadableJsonAnswers400() {
		this.http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"modelName\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.message")
			.isNotEmpty();
	}

	@Test
	void aJobWhoseModelHasAChampionScoresItOnTheSameFoldsAndRecordsBothModelsPairAndCost() throws Exception {
		String model = unique("paired");
		TrainingRequested first = job(model, "builtin:iris", "J48", "-C 0.25 -M 2");
		send(first);
		ModelRegistered champion = events.awaitRegistered(first.jobId());
		Run championRun = onlyRun(model, first.jobId());
		// the first version has no champion to be compared with, but its cost is measured
		assertThat(championRun.tags()).doesNotContainKeys(ChampionScoring.VERSION, ChampionScoring.NOT_SCORED);
		assertThat(championRun.metrics()).containsKeys("latency_p50_ms", "latency_p99_ms", "model_size_bytes",
				"heap_bytes");
		assertThat(championRun.metrics()).doesNotContainKey("champion.accuracy");
		this.registry.setAlias(model, "champion", champion.version());

		TrainingRequested second = job(model, "builtin:iris", "NaiveBayes", null);
		send(second);
		events.awaitRegistered(second.jobId());
		Run run = onlyRun(model, second.jobId());
		assertThat(run.tags()).containsEntry(ChampionScoring.VERSION, champion.version())
			.containsEntry(ChampionScoring.RUN_ID, championRun.id())
			.doesNotContainKey(ChampionScoring.NOT_SCORED);
		assertThat(run.metrics()).containsKeys("champion.accuracy", "champion.kappa", "champion.latency_p99_ms",
				"champion.model_size_bytes", "champion.heap_bytes", "latency_p99_ms");
		PairedEvaluation paired = PairedEvaluation
			.read(this.artifacts.download(run.artifactUri(), PairedEvaluation.FILE));
		assertThat(paired.basis()).isEqualTo(PairedEvaluation.PAIRED_FOLDS);
		assertThat(paired.championVersion()).isEqualTo(champion.version());
		assertThat(paired.championRunId()).isEqualTo(championRun.id());
		// both jobs trained on builtin:iris: the champion is scored on rows it has seen
		assertThat(paired.championTrainedOnTheseRows()).isTrue();
		assertThat(run.tags().get(ChampionScoring.DATASET_SHA256))
			.isEqualTo(championRun.tags().get(ChampionScoring.DATASET_SHA256))
			.hasSize(64);
		assertThat(paired.folds()).hasSize(10);
		assertThat(paired.folds().stream().mapToInt(PairedEvaluation.Fold::testRows).sum()).isEqualTo(150);
		PairedEvaluation.Pairs pairs = paired.pairs("accuracy").orElseThrow();
		// the MLflow UI plots both series by fold
		assertThat(this.tracking.metricHistory(run.id(), "fold.accuracy"))
			.containsExactly(Arrays.stream(pairs.candidate()).boxed().toArray(Double[]::new));
		assertThat(this.tracking.metricHistory(run.id(), "champion.fold.accuracy"))
			.containsExactly(Arrays.stream(pairs.champion()).boxed().toArray(Double[]::new));
		// the champion's pooled figure is its per-fold figures weighted by fold size
		double right = 0;
		for (PairedEvaluation.Fold fold : paired.folds()) {
			right += fold.champion().get("accuracy") * fold.testRows();
		}
		assertThat(run.metrics().get("champion.accuracy")).isCloseTo(right / 150, within(1e-9));
		assertThat(run.metrics().get("model_size_bytes")).isEqualTo((double) this.artifacts.download(
				this.registry.getDownloadUri(model, events.awaitRegistered(second.jobId()).version()),
				"model.weka").length);
	}

	@Test
	void aChampionWhoseSchemaCannotScoreTheDataIsRecordedWithTheReasonNeverSkippedSilently() {
		String model = unique("unscorable");
		TrainingRequested first = job(model, "builtin:iris", "J48", null);
		send(first);
		ModelRegistered champion = events.awaitRegistered(first.jobId());
		// no alias: the champion is found by its stage, as serving finds it
		this.registry.transitionStage(model, champion.version(), "Production", true);

		TrainingRequested second = job(model, "builtin:credit-g", "J48", null);
		send(second);
		events.awaitRegistered(second.jobId());
		Run run = onlyRun(model, second.jobId());
		assertThat(run.tags()).containsEntry(ChampionScoring.VERSION, champion.version());
		assertThat(run.tags().get(ChampionScoring.NOT_SCORED)).startsWith("its schema cannot score the data: ")
			.contains("classes differ", "Iris-setosa", "good");
		assertThat(run.metrics()).doesNotContainKey("champion.accuracy").containsKey("latency_p99_ms");
		assertThat(names(this.artifacts.list(run.artifactUri(), ""))).doesNotContain("evaluation");
	}

	private String status(TrainingRequested job) {
		return (String) statusOf(job).get("status");
	}

	/** The job's status by its id alone; a job not started yet reads NOT_FOUND. */
	private Map<?, ?> statusOf(TrainingRequested job) {
		var result = this.http.get().uri("/jobs/{jobId}", job.jobId()).exchange().expectBody(Map.class).returnResult();
		if (result.getStatus().value() == 404) {
			return Map.of("status", "NOT_FOUND");
		}
		assertThat(result.getStatus().value()).isEqualTo(200);
		return result.getResponseBody();
	}

	private Run onlyRun(String experimentName, String jobId) {
		Experiment experiment = this.tracking.findExperiment(experimentName).orElseThrow();
		List<Run> runs = this.tracking.searchRuns(List.of(experiment.id()), "tags.job_id = '" + jobId + "'");
		assertThat(runs).hasSize(1);
		return runs.get(0);
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(Consumer<String, byte[]> deadLetters,
			java.util.function.Predicate<ConsumerRecord<String, byte[]>> which) {
		List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
			deadLetters.poll(Duration.ofMillis(200)).forEach(dead::add);
			return dead.stream().anyMatch(which);
		});
		return dead.stream().filter(which).findFirst().orElseThrow();
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
		return (header != null) ? utf8(header.value()) : null;
	}

	private static String utf8(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : "";
	}

	private String text(String directory, String path) {
		return new String(this.artifacts.download(directory, path), StandardCharsets.UTF_8);
	}

	/**
	 * Jobs of one model share a partition: once a later job is announced, earlier ones
	 * are done.
	 */
	private static void sendAndAwaitLaterJob(String model) {
		TrainingRequested later = job(model, "builtin:iris", "ZeroR", null);
		send(later);
		events.awaitRegistered(later.jobId());
	}

	private static TrainingRequested publishedJob(String jobId) {
		try (Consumer<String, Object> jobs = KafkaBroker.consumer(KafkaBroker.uniqueGroup("jobs"))) {
			jobs.subscribe(List.of(Topics.TRAINING_JOBS));
			List<TrainingRequested> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				jobs.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (record.value() instanceof TrainingRequested job && jobId.equals(job.jobId())) {
						found.add(job);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	private static void send(TrainingRequested job) {
		try {
			producer.send(new ProducerRecord<>(Topics.TRAINING_JOBS, job.modelName(), job)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TrainingRequested job(String model, String uri, String algorithm, String options) {
		return new TrainingRequested(unique("job"), model, new Dataset(uri, null), algorithm, options, null,
				Instant.now(), null);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static List<String> names(List<ArtifactFile> files) {
		return files.stream().map((file) -> file.path().substring(file.path().lastIndexOf('/') + 1)).toList();
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

	private static Instances iris() throws Exception {
		try (InputStream in = J48.class.getClassLoader().getResourceAsStream("weka/gui/beans/templates/iris.arff")) {
			Instances iris = new DataSource(in).getDataSet();
			iris.setClassIndex(iris.numAttributes() - 1);
			return iris;
		}
	}

	private static Path dataDirectory() {
		try {
			// under target/, so the build's clean removes it
			Files.createDirectories(Path.of("target"));
			Path dir = Files.createTempDirectory(Path.of("target"), "trainer-data").toAbsolutePath();
			Files.createDirectories(dir.resolve("csv"));
			Files.writeString(dir.resolve("csv/header-only.csv"), "a,b,class\n");
			Files.writeString(dir.resolve("csv/semicolon.csv"), "a;b;class\n1;2;yes\n3;4;no\n");
			try (InputStream in = TrainerIntegrationTests.class.getResourceAsStream("/datasets/weather.csv")) {
				Files.copy(in, dir.resolve("csv/weather.csv"));
			}
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
