package dev.mlpipeline.kafka.event;

/**
 * What triggered a decision about a version.
 */
public enum PromotionCause {

	/** The promotion policy accepted a newly registered version. */
	POLICY,

	/** An operator promoted the version by hand. */
	MANUAL,

	/** An operator rolled production back. */
	ROLLBACK,

	/**
	 * Live evidence decided: a rollout's gates promoted, advanced or dropped a
	 * challenger, or a champion under watch was rolled back.
	 */
	LIVE

}
