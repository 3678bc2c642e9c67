package dev.mlpipeline.tracing;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

import dev.mlpipeline.kafka.Topics;

import static org.assertj.core.api.Assertions.assertThat;

class QuietTopicsTests {

	@Test
	void heartbeatsAndPredictionLogsAreNotObservedOnEitherSide() {
		for (String topic : new String[] { Topics.SERVING_STATUS, Topics.PREDICTIONS }) {
			assertThat(QuietTopics.observed("spring.kafka.template", sent(topic))).isFalse();
			assertThat(QuietTopics.observed("spring.kafka.listener", received(topic))).isFalse();
		}
	}

	@Test
	void thePromotionsEventsAreObserved() {
		for (String topic : new String[] { Topics.TRAINING_JOBS, Topics.MODEL_REGISTERED, Topics.MODEL_PROMOTED,
				Topics.PROMOTION_COMMANDS, Topics.PROMOTION_REPLIES }) {
			assertThat(QuietTopics.observed("spring.kafka.template", sent(topic))).isTrue();
			assertThat(QuietTopics.observed("spring.kafka.listener", received(topic))).isTrue();
		}
	}

	@Test
	void otherObservationsAreLeftAlone() {
		assertThat(QuietTopics.observed("http.server.requests", new Observation.Context())).isTrue();
	}

	private static KafkaRecordSenderContext sent(String topic) {
		return new KafkaRecordSenderContext(new ProducerRecord<>(topic, "model", "value"), "template", () -> null);
	}

	private static KafkaRecordReceiverContext received(String topic) {
		return new KafkaRecordReceiverContext(new ConsumerRecord<>(topic, 0, 0L, "model", "value"), "listener", null,
				null, () -> null);
	}

}
