package dev.mlpipeline.serving.predictionlog;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * The producer the prediction log and feedback are sent through: a copy of the app's
 * producer factory (so its records are signed and idempotent like every other app's)
 * whose every wait is bounded by {@code serving.prediction-log.send-timeout}, where the
 * defaults would park the log's sender for a minute per record while Kafka is away.
 */
class LogProducer implements DisposableBean {

	/** How long closing the producer may wait for buffered records to be sent. */
	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private final ProducerFactory<String, Object> producers;

	private final KafkaTemplate<String, Object> kafka;

	LogProducer(ProducerFactory<String, Object> base, PredictionLogProperties properties) {
		this.producers = base.copyWithConfigurationOverride(
				Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeout().toMillis(),
						ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
						ProducerConfig.LINGER_MS_CONFIG, (int) PredictionLogProperties.LINGER.toMillis(),
						ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.deliveryTimeout().toMillis()));
		if (this.producers instanceof DefaultKafkaProducerFactory<String, Object> factory) {
			// closing waits for the records still buffered: while Kafka is away that
			// would be the factory's 30 s, past the 10 s compose allows a stopping
			// container; the log is best effort, so a stop spends at most this on it
			factory.setPhysicalCloseTimeout((int) CLOSE_TIMEOUT.toSeconds());
		}
		this.kafka = new KafkaTemplate<>(this.producers);
		// the senders report failures themselves, rate-limited; Spring's default
		// listener would log every failed record with its payload
		this.kafka.setProducerListener(new ProducerListener<>() {
		});
	}

	KafkaTemplate<String, Object> kafka() {
		return this.kafka;
	}

	@Override
	public void destroy() throws Exception {
		if (this.producers instanceof DisposableBean disposable) {
			disposable.destroy();
		}
	}

}
