package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An app with a signing key on the real broker: what its producers send is signed, what
 * its listeners get is verified. Its listeners use topics no other test of the module
 * listens to, and the context is closed after the class, so it refuses nobody else's
 * unsigned records.
 */
@SpringBootTest(classes = SignedEventsTests.App.class,
		properties = { "pipeline.event.signing-key=" + SignedEventsTests.KEY,
				"pipeline.event.signing-key-previous=" + SignedEventsTests.PREVIOUS_KEY,
				"pipeline.kafka.retry.initial-interval=50ms", "pipeline.kafka.retry.max-retries=1" })
@DirtiesContext
class SignedEventsTests {

	static final String KEY = "current-signing-key-for-the-signed-events-tests";

	static final String PREVIOUS_KEY = "previous-signing-key-for-the-signed-events-tests";

	static final String FOREIGN_KEY = "a-key-nobody-in-the-pipeline-knows-about-at-all";

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
	}

	@Autowired
	KafkaTemplate<String, Object> template;

	@Autowired
	ProducerFactory<String, Object> producerFactory;

	@Autowired
	Listener listener;

	@Autowired
	KafkaAdmin admin;

	@Autowired
	MeterRegistry meters;

	@Test
	void aRecordTheAppSendsIsSignedOverItsExactBytesAndItsListenerGetsIt() throws Exception {
		String model = unique("signed");
		TrainingRequested job = job(model);
		this.template.send(Topics.TRAINING_JOBS, model, job).get();

		await().atMost(KafkaBroker.recordTimeout()).until(() -> this.listener.jobs.contains(job));
		ConsumerRecord<String, byte[]> record = read(Topics.TRAINING_JOBS, (found) -> model.equals(found.key()));
		assertThat(record.value()).isEqualTo(EventJson.mapper().writeValueAsBytes(job));
		assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
		Verification verification = new EventSignature(KEY, null, MAX_AGE).verify(record.topic(), record.key(),
				header(record, EventSignature.TIMESTAMP_HEADER), header(record, EventSignature.SIGNATURE_HEADER),
				record.value(), record.timestamp());
		assertThat(verification).isEqualTo(new Verification.Valid(false));
	}

	@Test
	void aTemplateBuiltOnACopyOfTheAppsProducerFactorySignsToo() throws Exception {
		String model = unique("copied-factory");
		ProducerFactory<String, Object> copy = this.producerFactory
			.copyWithConfigurationOverride(Map.of("linger.ms", 0));
		try {
			new KafkaTemplate<>(copy).send(Topics.TRAINING_JOBS, model, job(model)).get();
		}
		finally {
			copy.reset();
		}
		await().atMost(KafkaBroker.recordTimeout())
			.until(() -> this.listener.jobs.stream().anyMatch((job) -> model.equals(job.modelName())));
	}

	@Test
	void anUnsignedRecordIsDeadLetteredWithTheReasonAndTheListenerNeverSeesIt() throws Exception {
		String model = unique("unsigned");
		try (Producer<String, Object> unsigned = KafkaBroker.producer()) {
			unsigned.send(new ProducerRecord<>(Topics.TRAINING_JOBS, model, job(model))).get();
		}
		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.TRAINING_JOBS, model);
		assertThat(header(dead, RejectedEventException.DETAIL_HEADER_PREFIX + "signature"))
			.isEqualTo("missing-signature");
		assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(RejectedEventException.class.getName());
		assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("not signed");
		assertThat(this.listener.jobs).noneMatch((job) -> model.equals(job.modelName()));
		assertThat(rejected(Topics.TRAINING_JOBS, "missing-signature")).isPositive();
	}

	@Test
	void aRecordSignedWithAnUnknownKeyIsDeadLetteredAsForgedWithTheHeadersItCameWith() throws Exception {
		String model = unique("forged");
		byte[] value = EventJson.mapper().writeValueAsBytes(job(model));
		long now = System.currentTimeMillis();
		String forged = new EventSignature(FOREIGN_KEY, null, MAX_AGE).sign(Topics.TRAINING_JOBS, model, now, value);
		sendRaw(Topics.TRAINING_JOBS, model, value, now, forged);

		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.TRAINING_JOBS, model);
		assertThat(header(dead, RejectedEventException.DETAIL_HEADER_PREFIX + "signature")).isEqualTo("forged");
		assertThat(header(dead, EventSignature.SIGNATURE_HEADER)).isEqualTo(forged);
		assertThat(header(dead, EventSignature.TIMESTAMP_HEADER)).isEqualTo(Long.toString(now));
		assertThat(dead.value()).isEqualTo(value);
		assertThat(this.listener.jobs).noneMatch((job) -> model.equals(job.modelName()));
		assertThat(rejected(Topics.TRAINING_JOBS, "forged")).isPositive();
	}

	@Test
	void aRecordSignedLongerAgoThanTheLimitBeforeTheBrokerAppendedItIsDeadLetteredAsStale() throws Exception {
		String model = unique("stale");
		PromotionDecided decision = decision(model);
		byte[] value = EventJson.mapper().writeValueAsBytes(decision);
		long signedAt = System.currentTimeMillis() - MAX_AGE.toMillis() - Duration.ofMinutes(1).toMillis();
		// a genuine signature, copied back onto the topic six minutes later
		String genuine = new EventSignature(KEY, null, MAX_AGE).sign(Topics.PROMOTION_DECISIONS, model, signedAt,
				value);
		sendRaw(Topics.PROMOTION_DECISIONS, model, value, signedAt, genuine);

		ConsumerRecord<String, byte[]> dead = deadLetter(Topics.PROMOTION_DECISIONS, model);
		String prefix = RejectedEventException.DETAIL_HEADER_PREFIX;
		assertThat(header(dead, prefix + "signature")).isEqualTo("stale");
		assertThat(header(dead, prefix + "signed_at")).isEqualTo(Instant.ofEpochMilli(signedAt).toString());
		assertThat(header(dead, prefix + "max_age")).isEqualTo("PT5M");
		assertThat(Duration.parse(header(dead, prefix + "age"))).isGreaterThan(Duration.ofMinutes(6));
		assertThat(this.listener.decisions).noneMatch((event) -> model.equals(event.modelName()));
	}

	@Test
	void aRecordSignedWithThePreviousKeyIsAccepted() throws Exception {
		String model = unique("previous-key");
		PromotionDecided decision = decision(model);
		byte[] value = EventJson.mapper().writeValueAsBytes(decision);
		long now = System.currentTimeMillis();
		String signed = new EventSignature(PREVIOUS_KEY, null, MAX_AGE).sign(Topics.PROMOTION_DECISIONS, model, now,
				value);
		sendRaw(Topics.PROMOTION_DECISIONS, model, value, now, signed);

		await().atMost(KafkaBroker.recordTimeout()).until(() -> this.listener.decisions.contains(decision));
	}

	@Test
	void recordsSentToADeadLetterTopicAreNotSigned() throws Exception {
		String model = unique("dead-letter-send");
		this.template.send(Topics.MODEL_REGISTERED + TopicSpec.DEAD_LETTER_SUFFIX, model, "{}".getBytes()).get();
		ConsumerRecord<String, byte[]> record = read(Topics.MODEL_REGISTERED + TopicSpec.DEAD_LETTER_SUFFIX,
				(found) -> model.equals(found.key()));
		assertThat(record.headers().lastHeader(EventSignature.SIGNATURE_HEADER)).isNull();
		assertThat(record.headers().lastHeader(EventSignature.TIMESTAMP_HEADER)).isNull();
	}

	@Test
	void everyCatalogueTopicIsStampedWithLogAppendTimeEvenOneThatExistedWithCreateTime() throws Exception {
		String altered = Topics.MODEL_REGISTERED + TopicSpec.DEAD_LETTER_SUFFIX;
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, altered);
		try (AdminClient client = AdminClient.create(this.admin.getConfigurationProperties())) {
			client
				.incrementalAlterConfigs(
						Map.of(resource,
								List.of(new AlterConfigOp(new ConfigEntry("message.timestamp.type", "CreateTime"),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
			assertThat(timestampType(client, altered)).isEqualTo("CreateTime");

			this.admin.initialize();

			for (TopicSpec<?> spec : Topics.all()) {
				assertThat(timestampType(client, spec.name())).as(spec.name()).isEqualTo("LogAppendTime");
				assertThat(timestampType(client, spec.deadLetter())).as(spec.deadLetter()).isEqualTo("LogAppendTime");
			}
		}
	}

	private static String timestampType(AdminClient client, String topic) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config = client.describeConfigs(List.of(resource)).all().get().get(resource);
		return config.get("message.timestamp.type").value();
	}

	private double rejected(String topic, String reason) {
		var counter = this.meters.find("pipeline.events.rejected").tags("topic", topic, "reason", reason).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static void sendRaw(String topic, String key, byte[] value, long signedAt, String signature)
			throws Exception {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		record.headers().add(EventSignature.TIMESTAMP_HEADER, Long.toString(signedAt).getBytes(StandardCharsets.UTF_8));
		record.headers().add(EventSignature.SIGNATURE_HEADER, signature.getBytes(StandardCharsets.UTF_8));
		try (Producer<String, byte[]> raw = KafkaBroker.rawProducer()) {
			raw.send(record).get();
		}
	}

	private static ConsumerRecord<String, byte[]> deadLetter(String topic, String model) {
		return read(topic + TopicSpec.DEAD_LETTER_SUFFIX, (record) -> model.equals(record.key()));
	}

	private static ConsumerRecord<String, byte[]> read(String topic, Predicate<ConsumerRecord<String, byte[]>> which) {
		try (Consumer<String, byte[]> consumer = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("signed"))) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			await().atMost(KafkaBroker.recordTimeout()).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (which.test(record)) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String unique(String prefix) {
		return prefix + "-" + System.nanoTime();
	}

	private static TrainingRequested job(String model) {
		return new TrainingRequested("job-" + model, model, new TrainingRequested.Dataset("builtin:iris", null), "J48",
				"", null, Instant.parse("2026-01-01T00:00:00Z"), null);
	}

	private static PromotionDecided decision(String model) {
		return new PromotionDecided("e-" + model, model, "1", PromotionOutcome.REJECTED, List.of("accuracy too low"),
				"accuracy", 0.5, null, null, PromotionCause.POLICY, Instant.parse("2026-01-01T00:00:00Z"), null, null,
				null, null);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Listener listener() {
			return new Listener();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	static class Listener {

		final List<TrainingRequested> jobs = new CopyOnWriteArrayList<>();

		final List<PromotionDecided> decisions = new CopyOnWriteArrayList<>();

		@KafkaListener(topics = Topics.TRAINING_JOBS, groupId = "signed-events-tests-jobs")
		void on(TrainingRequested job) {
			this.jobs.add(job);
		}

		@KafkaListener(topics = Topics.PROMOTION_DECISIONS, groupId = "signed-events-tests-decisions")
		void on(PromotionDecided decision) {
			this.decisions.add(decision);
		}

	}

}
