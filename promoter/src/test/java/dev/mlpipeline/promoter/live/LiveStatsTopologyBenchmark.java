package dev.mlpipeline.promoter.live;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many records a second the live stats topology takes on this machine, through the
 * tests' broker (an external one with {@code KAFKA_BOOTSTRAP_SERVERS}, else the embedded
 * one), next to a plain consumer of the same records in the same run: predictions of an
 * iris model (a champion with a shadow beside it, a 20 % canary), half of them labelled
 * by feedback 50 ms after the answer. Each side is ready before the records are sent, and
 * timed from the first send to its last record counted. Prints figures, asserts only that
 * every record was counted.
 * <p>
 * {@code mvn -B -pl kafka-config,mlflow,promoter -am test -Dtest=LiveStatsTopologyBenchmark
 * -Dpromoter.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpipeline.mlflow-2.17.skip=true}
 */
@Tag("benchmark")
class LiveStatsTopologyBenchmark {

	private static final int PREDICTIONS = 100_000;

	private static final JsonMapper JSON = EventJson.mapper();

	@Test
	void printsTheTopologysThroughputAgainstAPlainConsumerOfTheSameRecords() throws Exception {
		createTopics();
		double consumer = consumerBaseline();
		double topology = topology();
		System.out.printf(Locale.ROOT,
				"%n## Live stats topology (Kafka Streams, %s broker)%n%n"
						+ "%d predictions and %d feedback records, sent from one producer once each side was ready:%n%n"
						+ "| reader | records/s | of the plain consumer |%n|---|---|---|%n"
						+ "| plain consumer (bytes, no parsing) | %.0f | 100 %% |%n"
						+ "| live stats topology (verify, count, join, window; exactly_once_v2) | %.0f | %.0f %% |%n%n",
				KafkaBroker.kind(), PREDICTIONS, PREDICTIONS / 2, consumer, topology, 100 * topology / consumer);
	}

	private double consumerBaseline() throws Exception {
		String model = "bench-" + UUID.randomUUID();
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
		configs.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
		configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(configs, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(Topics.PREDICTIONS, Topics.FEEDBACK));
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(100));
				return consumer.assignment().size() == 6;
			});
			consumer.seekToEnd(consumer.assignment());
			consumer.assignment().forEach(consumer::position);
			long started = System.nanoTime();
			Thread sender = send(model);
			long seen = 0;
			long expected = PREDICTIONS + PREDICTIONS / 2;
			while (seen < expected) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					if (model.equals(record.key())) {
						seen++;
					}
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			sender.join();
			return expected / seconds;
		}
	}

	private double topology() throws Exception {
		String model = "bench-" + UUID.randomUUID();
		Properties configs = new Properties();
		configs.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
		configs.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-live-" + UUID.randomUUID());
		configs.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		configs.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-live-").toString());
		configs.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
		configs.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
		configs.put(BoundedRocksDb.MEMORY_CONFIG, 64L * 1024 * 1024);
		try (KafkaStreams streams = new KafkaStreams(
				new LiveStatsTopology(LiveStatsTopology.Settings.defaults(), null).build(), configs)) {
			streams.start();
			Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.until(() -> streams.state() == KafkaStreams.State.RUNNING);
			long started = System.nanoTime();
			Thread sender = send(model);
			LiveKey champion = new LiveKey(model, "1", LiveKey.CHAMPION);
			LiveKey canary = new LiveKey(model, "2", LiveKey.CHALLENGER);
			long answers = PREDICTIONS - PREDICTIONS / 5;
			Awaitility.await()
				.atMost(Duration.ofMinutes(10))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> {
					LiveStatsQuery query = new LiveStatsQuery(
							streams.store(StoreQueryParameters.fromNameAndType(LiveStatsTopology.STATS_STORE,
									QueryableStoreTypes.<LiveKey, LiveStats>windowStore())),
							LiveStatsTopology.Settings.defaults().windowSize());
					Instant now = Instant.now();
					LiveStats championStats = query.sum(champion, now.minus(Duration.ofHours(1)), now);
					LiveStats canaryStats = query.sum(canary, now.minus(Duration.ofHours(1)), now);
					return championStats.requests() == answers
							&& championStats.labelled() + canaryStats.labelled() == PREDICTIONS / 2;
				});
			double seconds = (System.nanoTime() - started) / 1e9;
			sender.join();
			return (PREDICTIONS + PREDICTIONS / 2) / seconds;
		}
	}

	/** Sends the records of one run from a thread of its own. */
	private static Thread send(String model) {
		List<ProducerRecord<String, byte[]>> records = records(model);
		Thread sender = new Thread(() -> {
			try (Producer<String, byte[]> producer = KafkaBroker.rawProducer()) {
				records.forEach(producer::send);
				producer.flush();
			}
		}, "bench-sender");
		sender.start();
		return sender;
	}

	private static List<ProducerRecord<String, byte[]>> records(String model) {
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < PREDICTIONS; i++) {
			boolean canary = i % 5 == 0;
			String label = (i % 10 < 9) ? "Iris-setosa" : "Iris-versicolor";
			PredictionLogged.Shadow shadow = canary ? null
					: new PredictionLogged.Shadow("3", List.of(output((i % 20 == 1) ? "Iris-virginica" : label)));
			records.add(new ProducerRecord<>(Topics.PREDICTIONS, model, JSON
				.writeValueAsBytes(new PredictionLogged("e-" + i, model, canary ? "2" : "1",
						canary ? PredictionLogged.CHALLENGER : PredictionLogged.CHAMPION, "r-" + i, "r-" + i,
						List.of(Map.of("sepallength", 5.1, "sepalwidth", 3.5, "petallength", 1.4, "petalwidth", 0.2)),
						List.of(output(label)), 0.3 + (i % 7) * 0.1, null, shadow, now))));
			if (i % 2 == 0) {
				records.add(new ProducerRecord<>(Topics.FEEDBACK, model,
						JSON.writeValueAsBytes(new FeedbackReceived("f-" + i, model, "r-" + i,
								List.of(new FeedbackReceived.Row(0, "Iris-setosa", null)), now, null))));
			}
		}
		return records;
	}

	private static void createTopics() throws Exception {
		List<NewTopic> topics = new ArrayList<>();
		for (TopicSpec<?> spec : Topics.all()) {
			if (Set.of(Topics.PREDICTIONS, Topics.FEEDBACK).contains(spec.name())) {
				topics.add(spec.toNewTopic((short) 1));
				topics.add(spec.toDeadLetterTopic((short) 1));
			}
		}
		topics.add(new NewTopic(LiveStatsTopology.LIVE_STATS_TOPIC, 3, (short) 1)
			.configs(Map.of("cleanup.policy", "compact")));
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
			for (NewTopic topic : topics) {
				try {
					admin.createTopics(List.of(topic)).all().get();
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
		}
	}

	private static PredictionLogged.Output output(String label) {
		return new PredictionLogged.Output(label, Map.of(label, 1.0), null);
	}

}
