package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.util.FileSystemUtils;

import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.test.MlflowServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system for one test class: the Kafka broker and the three apps as processes,
 * MLflow (the test server, or a real one from {@code MLFLOW_TRACKING_URI}), and the calls
 * a user makes against them.
 */
final class Pipeline implements AutoCloseable {

	static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

	static final Duration SWAP_TIMEOUT = Duration.ofSeconds(60);

	static final String IRIS_ROW = """
			{"instances": [{"sepallength": 5.1, "sepalwidth": 3.5, "petallength": 1.4, "petalwidth": 0.2}]}""";

	/**
	 * The users the apps know, as {@code PIPELINE_USERS}: the operator's password as a
	 * bcrypt hash made by {@code htpasswd -bnBC 10 "" e2e-operator}, the others in plain
	 * text.
	 */
	static final String USERS = "scientist:{noop}e2e-scientist:trainer+viewer,"
			+ "operator:{bcrypt}$2y$10$BYKiX.jsnwG7D6SpECNgAOMLMZGBRN7hYcFKEKlYx3qQLb45P9D/m:operator,"
			+ "reader:{noop}e2e-reader:viewer";

	/** The key every app signs and verifies Kafka records with. */
	static final String SIGNING_KEY = "e2e-signing-key-" + UUID.randomUUID();

	final String model = "e2e-iris-" + UUID.randomUUID().toString().substring(0, 8);

	final Path logs;

	final KafkaProcess kafka;

	final ModelRegistry registry;

	final MlflowTracking tracking;

	final MlflowArtifacts artifacts;

	final MlflowCapabilities capabilities;

	final LoggedModels loggedModels;

	private final JsonMapper json = JsonMapper.builder().build();

	AppProcess trainer;

	AppProcess promoter;

	AppProcess serving;

	/** Every replica of each app, the first also in its single field above. */
	final List<AppProcess> trainers = new ArrayList<>();

	final List<AppProcess> promoters = new ArrayList<>();

	final List<AppProcess> servings = new ArrayList<>();

	private Pipeline(Path logs) throws Exception {
		this.logs = logs;
		// a fresh broker and fresh logs each run: a previous run's broker config names
		// other ports
		FileSystemUtils.deleteRecursively(logs);
		Files.createDirectories(logs);
		this.kafka = new KafkaProcess(logs.resolve("kafka"), logs.resolve("kafka.log"));
		MlflowConnection connection = new MlflowConnection(MlflowProperties.of(MlflowServer.uri()));
		this.registry = new ModelRegistry(connection);
		this.tracking = new MlflowTracking(connection);
		this.artifacts = new MlflowArtifacts(connection);
		this.capabilities = new MlflowCapabilities(connection);
		this.loggedModels = new LoggedModels(connection);
	}

	/**
	 * Starts the broker, then the three apps, and waits until each is live.
	 * @param logs where the processes write their logs (emptied first)
	 * @param extraEnvironment settings added to every app's environment
	 * @return the running pipeline
	 */
	static Pipeline start(Path logs, Map<String, String> extraEnvironment) throws Exception {
		return start(logs, extraEnvironment, 1, 1, 1);
	}

	/**
	 * Starts the broker, then replicas of the three apps, and waits until each is live.
	 * @param logs where the processes write their logs (emptied first)
	 * @param extraEnvironment settings added to every app's environment
	 * @param trainers how many trainers
	 * @param promoters how many promoters
	 * @param servings how many serving replicas
	 * @return the running pipeline
	 */
	static Pipeline start(Path logs, Map<String, String> extraEnvironment, int trainers, int promoters, int servings)
			throws Exception {
		Pipeline pipeline = new Pipeline(logs);
		pipeline.kafka.start();
		Map<String, String> environment = new HashMap<>(pipeline.environment());
		environment.putAll(extraEnvironment);
		for (int i = 0; i < trainers; i++) {
			pipeline.trainers.add(AppProcess.start("trainer", label("trainer", i, trainers), environment, logs)
				.signInAs("scientist", "e2e-scientist"));
		}
		for (int i = 0; i < promoters; i++) {
			pipeline.promoters.add(AppProcess.start("promoter", label("promoter", i, promoters), environment, logs)
				.signInAs("operator", "e2e-operator"));
		}
		for (int i = 0; i < servings; i++) {
			pipeline.servings.add(AppProcess.start("serving", label("serving", i, servings), environment, logs));
		}
		pipeline.trainer = pipeline.trainers.get(0);
		pipeline.promoter = pipeline.promoters.get(0);
		pipeline.serving = pipeline.servings.get(0);
		for (AppProcess app : pipeline.all()) {
			app.awaitLive(Duration.ofSeconds(240));
		}
		return pipeline;
	}

	private static String label(String app, int index, int count) {
		return (count == 1) ? app : app + "-" + (index + 1);
	}

	private List<AppProcess> all() {
		List<AppProcess> all = new ArrayList<>(this.trainers);
		all.addAll(this.promoters);
		all.addAll(this.servings);
		return all;
	}

	/**
	 * The trainer's data directory, where {@code file:} data sets are read from.
	 * @return the directory
	 */
	Path dataDirectory() {
		return this.logs.resolve("data");
	}

	Map<String, String> environment() {
		return Map.of("KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers(), "MLFLOW_TRACKING_URI",
				MlflowServer.uri().toString(), "MODEL_NAME", this.model, "TRAINER_DATA_DIR", dataDirectory().toString(),
				"PIPELINE_USERS", USERS, "PIPELINE_EVENT_SIGNING_KEY", SIGNING_KEY);
	}

	String publishJob(String algorithm, String options) {
		return publishJob(algorithm, options, "builtin:iris");
	}

	String publishJob(String algorithm, String options, String dataset) {
		String body = """
				{"modelName": "%s", "dataset": {"uri": "%s", "classAttribute": "class"},
				 "algorithm": "%s", "options": "%s", "evaluation": {"folds": 10, "seed": 1}}""".formatted(this.model,
				dataset, algorithm, options);
		HttpResponse<String> accepted = this.trainer.post("/jobs", body);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		return read(accepted).path("jobId").asString();
	}

	JsonNode runJob(String algorithm, String options) {
		return runJob(algorithm, options, "builtin:iris");
	}

	JsonNode runJob(String algorithm, String options, String dataset) {
		JsonNode job = awaitJob(publishJob(algorithm, options, dataset));
		assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("REGISTERED");
		assertThat(job.path("requestedBy").asString()).as(job.toString()).isEqualTo("scientist");
		return job;
	}

	JsonNode awaitJob(String jobId) {
		AtomicReference<JsonNode> last = new AtomicReference<>();
		await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
			last.set(jobStatus(jobId));
			return Set.of("REGISTERED", "FAILED").contains(last.get().path("status").asString());
		});
		return last.get();
	}

	JsonNode jobStatus(String jobId) {
		return read(this.trainer.get("/jobs/" + jobId + "?modelName=" + this.model));
	}

	JsonNode awaitDecision(String version, String outcome) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		await().atMost(SWAP_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
			decisionsOf(version).stream()
				.filter((decision) -> outcome == null || outcome.equals(decision.path("outcome").asString()))
				.findFirst()
				.ifPresent(found::set);
			return found.get() != null;
		});
		return found.get();
	}

	List<JsonNode> decisionsOf(String version) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode decision : decisions()) {
			if (version.equals(decision.path("version").asString())) {
				found.add(decision);
			}
		}
		return found;
	}

	JsonNode decisions() {
		HttpResponse<String> response = this.promoter.get("/models/" + this.model + "/decisions");
		return (response.statusCode() == 200) ? read(response) : this.json.createArrayNode();
	}

	void awaitServing(String version) {
		await().atMost(SWAP_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> version.equals(servingVersion()));
	}

	String servingVersion() {
		return read(this.serving.get("/health")).path("model").path("version").asString();
	}

	/**
	 * A record signed with the pipeline's key, as every producer of the pipeline signs.
	 * @param topic the topic
	 * @param key the record key
	 * @param value the exact value bytes
	 * @return the record with its {@code pipeline-timestamp} and
	 * {@code pipeline-signature} headers
	 */
	static ProducerRecord<String, byte[]> signed(String topic, String key, byte[] value) {
		long now = System.currentTimeMillis();
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		record.headers()
			.add(EventSignature.TIMESTAMP_HEADER, Long.toString(now).getBytes(StandardCharsets.UTF_8))
			.add(EventSignature.SIGNATURE_HEADER,
					new EventSignature(SIGNING_KEY, null, Duration.ofMinutes(5)).sign(topic, key, now, value)
						.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	JsonNode read(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	@Override
	public void close() throws Exception {
		// a test may have replaced the single replica of an app (a restart): close that
		// one too
		Set<AutoCloseable> parts = new java.util.LinkedHashSet<>(this.servings);
		parts.add(this.serving);
		parts.addAll(this.promoters);
		parts.add(this.promoter);
		parts.addAll(this.trainers);
		parts.add(this.trainer);
		parts.add(this.kafka);
		for (AutoCloseable part : parts) {
			if (part != null) {
				part.close();
			}
		}
	}

}
