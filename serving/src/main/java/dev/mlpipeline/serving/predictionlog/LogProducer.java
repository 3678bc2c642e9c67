package dev.mlpipeline.serving.predictionlog;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.beans.factory.DisposableBean;
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

	private final ProducerFactory<String, Object> producers;

	private final KafkaTemplate<String, Object> kafka;

	LogProducer(ProducerFactory<String, Object> base, PredictionLogProperties properties) {
		this.producers = base.copyWithConfigurationOverride(
				Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeout().toMillis(),
						ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.sendTimeout().toMillis(),
						ProducerConfig.LINGER_MS_CONFIG, (int) PredictionLogProperties.LINGER.toMillis(),
						ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.deliveryTimeout().toMillis()));
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
