package dev.mlpipeline.promoter.promotion;

import java.util.ArrayList;
import java.util.List;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.outbox.OutboxEvent;

import org.springframework.stereotype.Component;

/**
 * The events a recorded decision owes Kafka: {@code PromotionDecided} on the audit stream
 * and, when production changed, {@code ModelPromoted} for serving; both keyed by model
 * name and with ids derived from the decision, so a re-emitted decision carries the same
 * ids. They go through the outbox, never straight to the broker.
 */
@Component
class PromotionEvents {

	/**
	 * The events of a decision, in the order they are published.
	 * @param decision the decision
	 * @param version the version it is about, as the registry has it
	 * @param announceProduction whether to emit {@code ModelPromoted} (false for a
	 * production change that a later decision superseded)
	 * @return the events, possibly none (a version waiting for approval)
	 */
	List<OutboxEvent> of(DecisionRecord decision, ModelVersion version, boolean announceProduction) {
		List<OutboxEvent> events = new ArrayList<>();
		decision.toEvent()
			.ifPresent((event) -> events
				.add(new OutboxEvent(event.eventId(), Topics.PROMOTION_DECISIONS, decision.modelName(), event)));
		if (announceProduction && decision.changesProduction()) {
			ModelPromoted promoted = new ModelPromoted(decision.promotedEventId(), decision.modelName(),
					version.version(), decision.championVersion(), version.runId(), version.source(),
					version.tags().get(ModelTags.SHA256), decision.cause(), decision.decidedAt(), decision.actor());
			events.add(new OutboxEvent(promoted.eventId(), Topics.MODEL_PROMOTED, decision.modelName(), promoted));
		}
		return events;
	}

}
