package dev.mlpipeline.serving;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;

/**
 * Publishes {@code ModelPromoted} events to the real broker as the promoter does.
 */
public final class Promotions implements AutoCloseable {

	private final Producer<String, Object> producer = KafkaBroker.producer();

	/**
	 * Announces a promotion.
	 * @param version the promoted version (what the event claims; serving checks the
	 * registry)
	 * @param previous the version it replaced, or {@code null}
	 */
	public void announce(ModelVersion version, String previous) {
		announce(version, previous, version.name());
	}

	/**
	 * Announces a promotion under any record key, as a careless or hostile producer
	 * might.
	 * @param version the promoted version
	 * @param previous the version it replaced, or {@code null}
	 * @param key the record key (the pipeline keys by model name)
	 * @return the event's id
	 */
	public String announce(ModelVersion version, String previous, String key) {
		ModelPromoted event = new ModelPromoted(UUID.randomUUID().toString(), version.name(), version.version(),
				previous, version.runId(), version.source(), version.tags().get("sha256"), PromotionCause.POLICY,
				Instant.now(), null);
		try {
			this.producer.send(new ProducerRecord<>(Topics.MODEL_PROMOTED, key, event)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return event.eventId();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
