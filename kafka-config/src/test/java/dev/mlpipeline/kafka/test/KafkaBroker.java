package dev.mlpipeline.kafka.test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mlpipeline.kafka.serde.EventDeserializer;
import dev.mlpipeline.kafka.serde.EventSerializer;

/**
 * One real Kafka broker per test JVM, shared by every test class: an external broker when
 * {@code KAFKA_BOOTSTRAP_SERVERS} is set, Testcontainers Kafka when Docker answers,
 * otherwise the embedded KRaft broker of spring-kafka-test. {@link CloseBrokerListener}
 * stops it when the test plan ends.
 */
public final class KafkaBroker {

	/** Image used when Docker is available; same Kafka line as the clients. */
	public static final String IMAGE = "apache/kafka:4.1.2";

	private static Running running;

	private KafkaBroker() {
	}

	/**
	 * Bootstrap servers of the shared broker, starting it on first use.
	 * @return a {@code host:port} list
	 */
	public static synchronized String bootstrapServers() {
		if (running == null) {
			running = start();
		}
		return running.bootstrapServers();
	}

	/**
	 * Which kind of broker serves this JVM.
	 * @return {@code external}, {@code testcontainers} or {@code embedded}
	 */
	public static synchronized String kind() {
		bootstrapServers();
		return running.kind();
	}

	/**
	 * Points a Spring test context at the shared broker.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
	}

	/**
	 * A consumer with the pipeline's deserializers, reading from the earliest offset, for
	 * assertions on what an app sent. A record that is not a valid event (other tests
	 * publish some on purpose) arrives with a {@code null} value instead of failing the
	 * poll. The caller closes it.
	 * @param groupId consumer group, unique per test to see every record
	 * @return a new consumer, not subscribed
	 */
	public static Consumer<String, Object> consumer(String groupId) {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		configs.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new KafkaConsumer<>(configs, new StringDeserializer(),
				new ErrorHandlingDeserializer<>(new EventDeserializer()));
	}

	/**
	 * A consumer of raw bytes, for dead-letter topics whose records may not be JSON.
	 * @param groupId consumer group, unique per test
	 * @return a new consumer, not subscribed
	 */
	public static Consumer<String, byte[]> rawConsumer(String groupId) {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		configs.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new KafkaConsumer<>(configs, new StringDeserializer(),
				new org.apache.kafka.common.serialization.ByteArrayDeserializer());
	}

	/**
	 * A producer with the pipeline's serializers. The caller closes it.
	 * @return a new producer
	 */
	public static Producer<String, Object> producer() {
		return new KafkaProducer<>(producerConfigs(), new StringSerializer(), new EventSerializer());
	}

	/**
	 * A producer of raw bytes, to publish what a foreign or broken producer would.
	 * @return a new producer
	 */
	public static Producer<String, byte[]> rawProducer() {
		return new KafkaProducer<>(producerConfigs(), new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * A group id no other test uses.
	 * @param prefix readable part of the id
	 * @return {@code prefix-<random>}
	 */
	public static String uniqueGroup(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	static synchronized void stop() {
		if (running != null) {
			running.close();
			running = null;
		}
	}

	private static Map<String, Object> producerConfigs() {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return configs;
	}

	private static Running start() {
		String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
		if (external != null && !external.isBlank()) {
			return new Running("external", external, () -> {
			});
		}
		if (dockerAvailable()) {
			KafkaContainer container = new KafkaContainer(IMAGE);
			container.start();
			return new Running("testcontainers", container.getBootstrapServers(), container::stop);
		}
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperty("transaction.state.log.replication.factor", "1");
		broker.brokerProperty("transaction.state.log.min.isr", "1");
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.afterPropertiesSet();
		return new Running("embedded", broker.getBrokersAsString(), broker::destroy);
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Waits used by the fixture's callers, kept in one place.
	 * @return how long a test waits for a record to show up
	 */
	public static Duration recordTimeout() {
		return Duration.ofSeconds(30);
	}

	private record Running(String kind, String bootstrapServers, Runnable closer) {

		void close() {
			this.closer.run();
		}

	}

}
