package dev.mlpipeline.promoter.promotion;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands every registered version to the promotion service; failures are left to the
 * shared error handler (MLflow down: retried until it is back; unknown model or malformed
 * event: dead-lettered).
 */
@Component
class ModelRegisteredListener {

	private final PromotionService promotions;

	ModelRegisteredListener(PromotionService promotions) {
		this.promotions = promotions;
	}

	@KafkaListener(topics = Topics.MODEL_REGISTERED, groupId = "promoter")
	void on(ModelRegistered event) {
		this.promotions.onRegistered(event);
	}

}
