package dev.mlpipeline.kafka.event;

/**
 * What a promotion decision did to a version.
 */
public enum PromotionOutcome {

	/** The version became the production version. */
	PROMOTED,

	/** The version stays out of production. */
	REJECTED,

	/**
	 * Production was moved back to an earlier version; or, for a decision with a
	 * {@code rollout}, the challenger was dropped and production kept.
	 */
	ROLLED_BACK,

	/**
	 * The version became the challenger, served beside the champion as a shadow or a
	 * canary, or moved on to its rollout's next stage; production is unchanged.
	 */
	STAGED

}
