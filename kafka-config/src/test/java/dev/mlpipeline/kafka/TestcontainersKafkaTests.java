package dev.mlpipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.serde.EventDeserializer;
import dev.mlpipeline.kafka.serde.EventSerializer;
import dev.mlpipeline.kafka.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same round trip on a broker in a container: skipped where no Docker engine runs,
 * run wherever one does.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaTests {

	@Container
	static final KafkaContainer kafka = new KafkaContainer(KafkaBroker.IMAGE);

	@Test
	void eventRoundTripsThroughAContainerisedBroker() throws Exception {
		String model = "container-" + System.nanoTime();
		ModelRegistered event = Events.modelRegistered(model);
		Map<String, Object> producerConfigs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.getBootstrapServers());
		try (var producer = new KafkaProducer<>(producerConfigs, new StringSerializer(), new EventSerializer())) {
			producer.send(new ProducerRecord<>(Topics.MODEL_REGISTERED, model, event)).get();
		}
		Map<String, Object> consumerConfigs = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.getBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "container-test",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<ConsumerRecord<String, Object>> received = new ArrayList<>();
		try (var consumer = new KafkaConsumer<>(consumerConfigs, new StringDeserializer(), new EventDeserializer())) {
			consumer.subscribe(List.of(Topics.MODEL_REGISTERED));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
				return !received.isEmpty();
			});
		}
		assertThat(received.get(0).key()).isEqualTo(model);
		assertThat(received.get(0).value()).isEqualTo(event);
	}

}
