package dev.mlpipeline.kafka.event;

/**
 * Why a version was moved into production.
 */
public enum PromotionCause {

	/** The promotion policy accepted a newly registered version. */
	POLICY,

	/** An operator promoted the version by hand. */
	MANUAL,

	/** An operator rolled production back. */
	ROLLBACK

}
