package dev.mlpipeline.promoter.audit;

import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionOutcome;

/**
 * What a recorded decision did to a version; the event outcomes plus the one state the
 * event vocabulary has no word for, a version waiting for an operator's approval.
 */
public enum DecisionOutcome {

	/** The version became the production version. */
	PROMOTED,

	/** The version stays out of production. */
	REJECTED,

	/**
	 * Production was moved back to this version; or, for a decision about a rollout, the
	 * challenger was dropped.
	 */
	ROLLED_BACK,

	/** The version became the challenger, or moved on to its rollout's next stage. */
	STAGED,

	/**
	 * The version passed every gate but the model requires manual approval: it waits as a
	 * candidate, no event is emitted until an operator promotes it.
	 */
	PENDING_APPROVAL;

	/**
	 * The outcome as published on the audit stream.
	 * @return the event outcome, empty for {@link #PENDING_APPROVAL} (nothing is decided
	 * yet, so nothing is published)
	 */
	public Optional<PromotionOutcome> toEvent() {
		return switch (this) {
			case PROMOTED -> Optional.of(PromotionOutcome.PROMOTED);
			case REJECTED -> Optional.of(PromotionOutcome.REJECTED);
			case ROLLED_BACK -> Optional.of(PromotionOutcome.ROLLED_BACK);
			case STAGED -> Optional.of(PromotionOutcome.STAGED);
			case PENDING_APPROVAL -> Optional.empty();
		};
	}

}
