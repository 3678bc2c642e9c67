package dev.mlpipeline.trainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.kafka.signing.Verification;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.test.MlflowServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A trainer with a signing key: a job put on Kafka unsigned is dead-lettered and trains
 * nothing, while jobs it publishes itself and jobs {@code scripts/publish-job --kafka}
 * signs are trained. The context is closed after the class so it refuses no other test's
 * unsigned jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pipeline.event.signing-key=" + SignedJobsTests.KEY)
@AutoConfigureWebTestClient
@DirtiesContext
class SignedJobsTests {

	static final String KEY = "trainer-tests-signing-key-of-enough-bytes";

	static KafkaEvents events;

	@Autowired
	WebTestClient http;

	@Autowired
	MlflowTracking tracking;

	@TempDir
	Path dir;

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
		registry.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
	}

	@BeforeAll
	static void clients() {
		events = new KafkaEvents();
	}

	@AfterAll
	static void closeClients() {
		events.close();
	}

	@Test
	void anUnsignedJobIsDeadLetteredAndTrainsNothingWhileAJobTheTrainerPublishesIsTrained() throws Exception {
		String model = unique("unsigned");
		TrainingRequested unsigned = new TrainingRequested(unique("job"), model,
				new TrainingRequested.Dataset("builtin:iris", null), "ZeroR", null, null, Instant.now(), null);
		try (Producer<String, Object> producer = KafkaBroker.producer();
				Consumer<String, byte[]> deadLetters = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"))) {
			deadLetters.subscribe(List.of(Topics.TRAINING_JOBS + ".DLT"));
			producer.send(new ProducerRecord<>(Topics.TRAINING_JOBS, model, unsigned)).get(30, TimeUnit.SECONDS);

			ConsumerRecord<String, byte[]> dead = awaitRecord(deadLetters,
					(record) -> new String(record.value(), StandardCharsets.UTF_8).contains(unsigned.jobId()));
			assertThat(header(dead, "pipeline_rejected_signature")).isEqualTo("missing-signature");
		}

		// POST /jobs publishes through the trainer's own producer, which signs; same
		// model,
		// same partition, so once it is trained the unsigned job was long dealt with
		String posted = this.http.post()
			.uri("/jobs")
			.headers((headers) -> headers.setBasicAuth("scientist", "scientist-pass"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("modelName", model, "dataset", Map.of("uri", "builtin:iris"), "algorithm", "ZeroR"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("jobId")
			.toString();
		events.awaitRegistered(posted);
		assertThat(events.records(posted)).allSatisfy(
				(record) -> assertThat(record.headers().lastHeader(EventSignature.SIGNATURE_HEADER)).isNotNull());

		String experiment = this.tracking.findExperiment(model).orElseThrow().id();
		assertThat(this.tracking.searchRuns(List.of(experiment), "tags.job_id = '" + unsigned.jobId() + "'")).isEmpty();
		assertThat(events.records(unsigned.jobId())).isEmpty();
	}

	@Test
	void aJobPublishedStraightToKafkaByTheScriptIsSignedAndTrained() throws Exception {
		assumeThat(Files.isExecutable(Path.of("/bin/bash"))).isTrue();
		assumeThat(new ProcessBuilder("openssl", "version").start().waitFor()).isZero();
		String model = unique("script");
		String jobId = unique("job");
		Path job = Files.writeString(this.dir.resolve("job.json"), """
				{
				  "jobId": "%s",
				  "modelName": "%s",
				  "dataset": { "uri": "builtin:iris", "classAttribute": "class" },
				  "algorithm":\t"J48",
				  "options": "-C 0.25 -M 2"
				}
				""".formatted(jobId, model));

		ProcessBuilder script = new ProcessBuilder("/bin/bash", PublishJobScriptTests.SCRIPT.toString(), "--kafka",
				job.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("out.txt").toFile());
		script.environment().put("PIPELINE_EVENT_SIGNING_KEY", KEY);
		script.environment().put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers());
		script.environment().put("KAFKA_CLASSPATH", brokerClasspath());
		Process process = script.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String out = Files.readString(this.dir.resolve("out.txt"));
		assertThat(process.exitValue()).as(out).isZero();
		assertThat(out).contains("published job " + jobId, "signed");

		try (Consumer<String, byte[]> jobs = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("script-job"))) {
			jobs.subscribe(List.of(Topics.TRAINING_JOBS));
			ConsumerRecord<String, byte[]> record = awaitRecord(jobs, (found) -> model.equals(found.key()));
			assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("\n", "\t")
				.contains("\"jobId\": \"" + jobId + "\"");
			Verification verification = new EventSignature(KEY, null, Duration.ofMinutes(5)).verify(record.topic(),
					record.key(), header(record, EventSignature.TIMESTAMP_HEADER),
					header(record, EventSignature.SIGNATURE_HEADER), record.value(), record.timestamp());
			assertThat(verification).isEqualTo(new Verification.Valid(false));
		}
		assertThat(events.awaitRegistered(jobId).algorithm()).isEqualTo("weka.classifiers.trees.J48");
	}

	/**
	 * The broker's classpath as {@code scripts/local-up} resolves it, which holds Kafka's
	 * console producer.
	 */
	private String brokerClasspath() throws Exception {
		Path output = this.dir.resolve("classpath");
		Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "-f",
				Path.of("..", "kafka-config", "broker", "pom.xml").toString(), "dependency:build-classpath",
				"-Dmdep.outputFile=" + output)
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("mvn.txt").toFile())
			.start();
		assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assumeThat(mvn.exitValue())
			.as("the Kafka tools resolve offline: " + Files.readString(this.dir.resolve("mvn.txt")))
			.isZero();
		return Files.readString(output).trim();
	}

	private static ConsumerRecord<String, byte[]> awaitRecord(Consumer<String, byte[]> consumer,
			Predicate<ConsumerRecord<String, byte[]>> which) {
		List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
			consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
			return seen.stream().anyMatch(which);
		});
		return seen.stream().filter(which).findFirst().orElseThrow();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
