package dev.mlpipeline.promoter.promotion;

import dev.mlpipeline.kafka.EventKeys;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.promoter.outbox.OutboxRelay;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Hands every registered version to the promotion service, then asks the relay to publish
 * the decision's events; failures are left to the shared error handler (MLflow down:
 * retried until it is back; a record not keyed by its model, an unknown model, a
 * malformed event or one whose claims the registry contradicts: dead-lettered). A Kafka
 * outage does not hold the record back: the events wait in the outbox.
 */
@Component
class ModelRegisteredListener {

	private final PromotionService promotions;

	private final OutboxRelay relay;

	ModelRegisteredListener(PromotionService promotions, OutboxRelay relay) {
		this.promotions = promotions;
		this.relay = relay;
	}

	@KafkaListener(topics = Topics.MODEL_REGISTERED, groupId = "promoter")
	void on(ModelRegistered event, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		EventKeys.requireModelKey(Topics.MODEL_REGISTERED, key, (event != null) ? event.modelName() : null);
		this.promotions.onRegistered(event);
		this.relay.publish(event.modelName());
	}

}
