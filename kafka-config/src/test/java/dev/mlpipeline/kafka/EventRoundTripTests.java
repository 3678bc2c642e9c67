package dev.mlpipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.serde.EventDeserializer;
import dev.mlpipeline.kafka.test.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventRoundTripTests {

	@Test
	void everyEventRoundTripsThroughTheBrokerKeyedByModelNameWithoutTypeHeaders() throws Exception {
		String model = "round-trip-" + System.nanoTime();
		Map<String, Object> events = Events.byTopic(model);
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			for (Map.Entry<String, Object> event : events.entrySet()) {
				producer.send(new ProducerRecord<>(event.getKey(), model, event.getValue())).get();
			}
		}
		List<ConsumerRecord<String, Object>> received = new ArrayList<>();
		try (Consumer<String, Object> consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("round-trip"))) {
			consumer.subscribe(events.keySet());
			await().atMost(KafkaBroker.recordTimeout()).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (model.equals(record.key())) {
						received.add(record);
					}
				});
				return received.size() >= events.size();
			});
		}
		assertThat(received).hasSize(events.size());
		for (ConsumerRecord<String, Object> record : received) {
			assertThat(record.value()).isEqualTo(events.get(record.topic()));
			// the reading side keeps the exact bytes for dead-lettering; nothing else,
			// and
			// no type header, rides with the record
			assertThat(record.headers().toArray()).extracting(Header::key)
				.containsExactly(EventDeserializer.ORIGINAL_VALUE_HEADER);
		}
	}

}
