package dev.mlpipeline.kafka.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mlpipeline.kafka.EventNotSentException;
import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.serde.EventDeserializer;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.TransientFailure;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = PipelineKafkaAutoConfigurationTests.App.class,
		properties = { "pipeline.kafka.retry.initial-interval=50ms", "pipeline.kafka.retry.max-retries=2",
				"pipeline.kafka.transient-max-interval=100ms" })
class PipelineKafkaAutoConfigurationTests {

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
	}

	@Autowired
	private KafkaTemplate<String, Object> template;

	@Autowired
	private Listener listener;

	@Autowired
	private KafkaAdmin admin;

	@Test
	void declaresEveryTopicAndItsDeadLetterTopicWithTheirSettings() throws Exception {
		try (AdminClient client = AdminClient.create(this.admin.getConfigurationProperties())) {
			Set<String> names = client.listTopics().names().get();
			for (var spec : Topics.all()) {
				assertThat(names).contains(spec.name(), spec.deadLetter());
			}
			TopicDescription promoted = client.describeTopics(List.of(Topics.MODEL_PROMOTED))
				.allTopicNames()
				.get()
				.get(Topics.MODEL_PROMOTED);
			assertThat(promoted.partitions()).hasSize(3);
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODEL_PROMOTED);
			Config config = client.describeConfigs(List.of(resource)).all().get().get(resource);
			assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
		}
	}

	@Test
	void malformedRecordLandsOnTheDeadLetterTopicWithFailureHeadersAndTheNextRecordIsConsumed() throws Exception {
		String model = "malformed-" + System.nanoTime();
		try (var raw = KafkaBroker.rawProducer()) {
			raw.send(new ProducerRecord<>(Topics.MODEL_PROMOTED, model, "{not json".getBytes(StandardCharsets.UTF_8)))
				.get();
		}
		this.template.send(Topics.MODEL_PROMOTED, model, promoted(model, "7")).get();

		await().atMost(KafkaBroker.recordTimeout())
			.until(() -> this.listener.promoted.stream().anyMatch((event) -> event.modelName().equals(model)));
		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.MODEL_PROMOTED, model);
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
		assertThat(headerNames(dead)).contains("kafka_dlt-exception-fqcn", "kafka_dlt-exception-message",
				"kafka_dlt-original-topic", "kafka_dlt-original-offset");
		assertThat(header(dead, "kafka_dlt-exception-stacktrace")).contains("is not a valid ModelPromoted");
	}

	@Test
	void businessRejectionIsDeadLetteredAtOnceWithoutRetries() throws Exception {
		String model = "rejected-" + System.nanoTime();
		this.template.send(Topics.TRAINING_FAILED, model, failed(model, "reject")).get();

		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.TRAINING_FAILED, model);
		assertThat(header(dead, "kafka_dlt-exception-fqcn")).contains("ListenerExecutionFailedException");
		assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).isEqualTo(RejectedEventException.class.getName());
		assertThat(this.listener.attempts(model)).isEqualTo(1);
	}

	@Test
	void refusedRecordIsDeadLetteredAsTheExactBytesItArrivedWithAndItsDetailsAsHeaders() throws Exception {
		String model = "exact-" + System.nanoTime();
		String original = "{\"eventId\":\"e-1\",\"jobId\":\"job\",\"modelName\":\"" + model
				+ "\",\"reason\":\"reject-with-details\",  \"schemaVersion\":7,\"note\":\"kept\"}";
		try (var raw = KafkaBroker.rawProducer()) {
			raw.send(new ProducerRecord<>(Topics.TRAINING_FAILED, model, original.getBytes(StandardCharsets.UTF_8)))
				.get();
		}

		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.TRAINING_FAILED, model);
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(original);
		assertThat(header(dead, RejectedEventException.DETAIL_HEADER_PREFIX + "metric.accuracy"))
			.isEqualTo("event 0.999, registry absent");
		assertThat(header(dead, "kafka_dlt-exception-message")).contains("claims disagree with the registry");
		assertThat(headerNames(dead)).doesNotContain(EventDeserializer.ORIGINAL_VALUE_HEADER);
	}

	@Test
	void deadLetterOfAnUnreadableRecordNamesTheRealCauseInItsMessageHeader() throws Exception {
		String model = "cause-" + System.nanoTime();
		try (var raw = KafkaBroker.rawProducer()) {
			raw.send(new ProducerRecord<>(Topics.MODEL_PROMOTED, model,
					"{\"eventId\": \"e\", \"version\": [1, 2]}".getBytes(StandardCharsets.UTF_8)))
				.get();
		}

		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.MODEL_PROMOTED, model);
		assertThat(header(dead, "kafka_dlt-exception-message")).contains("is not a valid ModelPromoted")
			.contains("line 1");
	}

	@Test
	void ordinaryFailureIsRetriedThenDeadLettered() throws Exception {
		String model = "failing-" + System.nanoTime();
		this.template.send(Topics.TRAINING_FAILED, model, failed(model, "crash")).get();

		deadLetter(Topics.TRAINING_FAILED, model);
		assertThat(this.listener.attempts(model)).isEqualTo(3);
	}

	@Test
	void transientFailureIsRetriedBeyondTheBoundUntilItSucceeds() throws Exception {
		String model = "transient-" + System.nanoTime();
		this.template.send(Topics.TRAINING_FAILED, model, failed(model, "transient")).get();

		await().atMost(KafkaBroker.recordTimeout())
			.until(() -> this.listener.handled.stream().anyMatch((event) -> event.modelName().equals(model)));
		assertThat(this.listener.attempts(model)).isEqualTo(Listener.TRANSIENT_FAILURES + 1);
	}

	@Test
	void anEventTheBrokerDidNotTakeIsRetriedUntilItSucceedsWithoutAnyTransientFailureBean() throws Exception {
		String model = "kafka-down-" + System.nanoTime();
		this.template.send(Topics.TRAINING_FAILED, model, failed(model, "kafka-down")).get();

		await().atMost(KafkaBroker.recordTimeout())
			.until(() -> this.listener.handled.stream().anyMatch((event) -> event.modelName().equals(model)));
		assertThat(this.listener.attempts(model)).isEqualTo(Listener.TRANSIENT_FAILURES + 1);
	}

	private static ConsumerRecord<String, byte[]> deadLetter(String topic, String model) {
		try (Consumer<String, byte[]> consumer = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("dlt"))) {
			consumer.subscribe(List.of(topic + ".DLT"));
			List<ConsumerRecord<String, byte[]>> found = new CopyOnWriteArrayList<>();
			await().atMost(KafkaBroker.recordTimeout()).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (model.equals(record.key())) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	private static List<String> headerNames(ConsumerRecord<?, ?> record) {
		return java.util.Arrays.stream(record.headers().toArray()).map(Header::key).toList();
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static ModelPromoted promoted(String model, String version) {
		return new ModelPromoted("e-" + version, model, version, null, "run", "mlflow-artifacts:/1/run/artifacts/model",
				"abc", PromotionCause.POLICY, java.time.Instant.now(), null);
	}

	private static TrainingFailed failed(String model, String reason) {
		return new TrainingFailed("e-" + model, "job", model, reason, java.time.Instant.now());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Listener listener() {
			return new Listener();
		}

		@Bean
		TransientFailure dependencyDown() {
			return (failure) -> failure instanceof DependencyDownException;
		}

	}

	static class Listener {

		static final int TRANSIENT_FAILURES = 5;

		final List<ModelPromoted> promoted = new CopyOnWriteArrayList<>();

		final List<TrainingFailed> handled = new CopyOnWriteArrayList<>();

		private final Map<String, AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();

		@KafkaListener(topics = Topics.MODEL_PROMOTED, groupId = "auto-config-tests-promoted")
		void on(ModelPromoted event) {
			this.promoted.add(event);
		}

		@KafkaListener(topics = Topics.TRAINING_FAILED, groupId = "auto-config-tests-failed")
		void on(TrainingFailed event) {
			int attempt = this.attempts.computeIfAbsent(event.modelName(), (key) -> new AtomicInteger())
				.incrementAndGet();
			switch (event.reason()) {
				case "reject" -> throw new RejectedEventException("model " + event.modelName() + " is unknown");
				case "reject-with-details" ->
					throw new RejectedEventException("TrainingFailed claims disagree with the registry",
							Map.of("metric.accuracy", "event 0.999, registry absent"));
				case "crash" -> throw new IllegalStateException("listener bug");
				case "transient" -> {
					if (attempt <= TRANSIENT_FAILURES) {
						throw new DependencyDownException();
					}
				}
				case "kafka-down" -> {
					if (attempt <= TRANSIENT_FAILURES) {
						throw new EventNotSentException("broker down", new IllegalStateException());
					}
				}
				default -> {
				}
			}
			this.handled.add(event);
		}

		int attempts(String model) {
			AtomicInteger count = this.attempts.get(model);
			return (count != null) ? count.get() : 0;
		}

	}

	static class DependencyDownException extends RuntimeException {

		DependencyDownException() {
			super("dependency down");
		}

	}

}
