package dev.mlpipeline.trainer.job;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.serde.EventSerializer;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.trainer.TrainerProperties;
import dev.mlpipeline.trainer.registration.JobRuns;
import dev.mlpipeline.trainer.training.AlgorithmResolver;
import dev.mlpipeline.trainer.training.DatasetResolver;
import dev.mlpipeline.trainer.training.JobValidator;
import dev.mlpipeline.trainer.training.WekaEnvironment;
import dev.mlpipeline.tracing.ObservedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /jobs} against brokers this test starts and stops itself (never the shared
 * fixture): a {@code 503} is only said about a record the producer gave up.
 */
class JobPublishingTests {

	/** Producer bounds far below the defaults, so the test is quick; same rules. */
	static final TrainerProperties.Publish FAST = new TrainerProperties.Publish(Duration.ofSeconds(1),
			Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5));

	@TempDir
	static Path dataDir;

	static JobValidator validator;

	static JobStatusService statuses;

	static final ExecutorService clusterIdLookups = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "test-cluster-id");
		thread.setDaemon(true);
		return thread;
	});

	@BeforeAll
	static void collaborators() {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		validator = new JobValidator(new DatasetResolver(dataDir), new AlgorithmResolver(dataDir));
		MlflowProperties mlflow = MlflowProperties.of(MlflowServer.uri())
			.withRetry(2, Duration.ofMillis(20), Duration.ofMillis(50));
		MlflowConnection connection = new MlflowConnection(mlflow);
		statuses = new JobStatusService(new JobRuns(new MlflowTracking(connection), connection), Clock.systemUTC());
	}

	@Test
	void withNoBrokerPostingAJobAnswers503NamingTheJobBeforeTheProducerCouldStillSendIt() throws IOException {
		JobPublisher publisher = publisher("127.0.0.1:" + freePort());
		try {
			String jobId = unique("job");
			long start = System.nanoTime();
			post(client(publisher), jobId).expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.jobId")
				.isEqualTo(jobId)
				.jsonPath("$.message")
				.value(String.class,
						(message) -> assertThat(message).contains("will not send it later")
							.contains("same jobId '" + jobId + "'")
							.contains("never trained twice"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.answerTimeout());
		}
		finally {
			publisher.destroy();
		}
	}

	@Test
	void whenTheBrokerGoesAwayAfterTheProducerConnectedTheAnswerIsABounded503AboutARecordTheProducerGaveUp() {
		EmbeddedKafkaKraftBroker broker = broker();
		JobPublisher publisher = publisher(broker.getBrokersAsString());
		try {
			WebTestClient http = client(publisher);
			post(http, unique("job")).expectStatus().isAccepted();
			broker.destroy();
			String jobId = unique("job");
			long start = System.nanoTime();
			// while the producer still has the topic's metadata, the record is handed
			// over
			// and the producer itself expires it after delivery.timeout.ms; once it has
			// noticed every known broker is gone, Kafka 4's default
			// metadata.recovery.strategy=rebootstrap forgets the topic and send() gives
			// the
			// record up within max.block.ms. Which one comes first is a race; either way
			// the answer is bounded and about a record the producer has given up.
			post(http, jobId).expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.jobId")
				.isEqualTo(jobId)
				.jsonPath("$.message")
				.value(String.class,
						(message) -> assertThat(message)
							.containsAnyOf("Expiring 1 record(s)", "not present in metadata")
							.contains("will not send it later")
							.contains("same jobId '" + jobId + "'"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.answerTimeout());
		}
		finally {
			publisher.destroy();
		}
	}

	@Test
	void theAnswerWaitsLongerThanTheProducerMayTake() {
		TrainerProperties.Publish defaults = new TrainerProperties.Publish(Duration.ofSeconds(5), Duration.ofSeconds(5),
				Duration.ofMillis(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
		assertThat(defaults.answerTimeout()).isGreaterThan(defaults.maxBlock().plus(defaults.deliveryTimeout()));
		assertThatThrownBy(() -> new TrainerProperties.Publish(Duration.ofSeconds(5), Duration.ofSeconds(5),
				Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(15)))
			.hasMessageContaining("answer-timeout");
		assertThatThrownBy(() -> new TrainerProperties.Publish(Duration.ofSeconds(1), Duration.ofSeconds(5),
				Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)))
			.hasMessageContaining("delivery-timeout");
	}

	private static WebTestClient.ResponseSpec post(WebTestClient http, String jobId) {
		return http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("jobId", jobId, "modelName", "publishing", "dataset", Map.of("uri", "builtin:iris"),
					"algorithm", "ZeroR"))
			.exchange();
	}

	private static WebTestClient client(JobPublisher publisher) {
		JobController controller = new JobController(validator, publisher, statuses, Schedulers.boundedElastic(),
				Clock.systemUTC(), ObservationRegistry.NOOP);
		return WebTestClient.bindToController(controller)
			.configureClient()
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private static JobPublisher publisher(String bootstrapServers) {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		configs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		configs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		configs.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
		// observed as in the app, with an admin on the same servers: a send never waits
		// for the broker to tell its cluster id
		KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler((ObservationHandler<Observation.Context>) (context) -> true);
		ObservedKafka observed = new ObservedKafka(observations, admin, clusterIdLookups);
		return new JobPublisher(new DefaultKafkaProducerFactory<>(configs), FAST, observed);
	}

	private static EmbeddedKafkaKraftBroker broker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.TRAINING_JOBS);
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.afterPropertiesSet();
		return broker;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
