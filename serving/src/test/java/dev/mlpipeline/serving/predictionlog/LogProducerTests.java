package dev.mlpipeline.serving.predictionlog;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LogProducerTests {

	@Test
	void closingWaitsForBufferedRecordsAtMostTwoSecondsNotTheFactorysThirty() throws Exception {
		DefaultKafkaProducerFactory<String, Object> base = new DefaultKafkaProducerFactory<>(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		assertThat(base.getPhysicalCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
		LogProducer producer = new LogProducer(base,
				new PredictionLogProperties(1.0, 10000, 20000, Duration.ofSeconds(5)));
		try {
			assertThat(producer.kafka().getProducerFactory()).isInstanceOfSatisfying(DefaultKafkaProducerFactory.class,
					(copy) -> assertThat(copy.getPhysicalCloseTimeout()).isEqualTo(LogProducer.CLOSE_TIMEOUT)
						.isEqualTo(Duration.ofSeconds(2)));
			// the app's own factory keeps its timeout
			assertThat(base.getPhysicalCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
		}
		finally {
			producer.destroy();
		}
	}

}
