package dev.mlpipeline.promoter.promotion;

import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.promoter.PromotionProperties;
import dev.mlpipeline.promoter.audit.DecisionRecord;

import org.springframework.stereotype.Component;

/**
 * Publishes a recorded decision: {@code PromotionDecided} on the audit stream and, when
 * production changed, {@code ModelPromoted} for serving; both keyed by model name and
 * with ids derived from the decision, so a re-emitted decision carries the same ids.
 * Sends wait for the broker's acknowledgement, so a record's offset is committed only
 * after its events are out.
 */
@Component
class PromotionEvents {

	private final EventPublisher events;

	PromotionEvents(EventPublisher events) {
		this.events = events;
	}

	/**
	 * Publishes the events of a decision.
	 * @param decision the recorded decision
	 * @param version the version it is about
	 * @param reportedSha256 the model digest reported by the trainer, used when the
	 * version has no {@code sha256} tag
	 * @param announceProduction whether to emit {@code ModelPromoted} (false for a
	 * production change that a later decision superseded)
	 */
	void publish(DecisionRecord decision, ModelVersion version, String reportedSha256, boolean announceProduction) {
		decision.toEvent()
			.ifPresent((event) -> this.events.send(Topics.PROMOTION_DECISIONS, decision.modelName(), event));
		if (announceProduction && decision.outcome().changesProduction()) {
			String sha256 = version.tags().getOrDefault(ModelTags.SHA256, reportedSha256);
			this.events.send(Topics.MODEL_PROMOTED, decision.modelName(),
					new ModelPromoted(decision.promotedEventId(), decision.modelName(), version.version(),
							decision.championVersion(), version.runId(), version.source(), sha256, decision.cause(),
							decision.decidedAt()));
		}
	}

}
