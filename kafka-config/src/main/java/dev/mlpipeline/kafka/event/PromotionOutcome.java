package dev.mlpipeline.kafka.event;

/**
 * What a promotion decision did to a version.
 */
public enum PromotionOutcome {

	/** The version became the production version. */
	PROMOTED,

	/** The version stays out of production. */
	REJECTED,

	/** Production was moved back to an earlier version. */
	ROLLED_BACK

}
