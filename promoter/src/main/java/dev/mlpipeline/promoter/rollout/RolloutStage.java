package dev.mlpipeline.promoter.rollout;

import java.time.Instant;

import dev.mlpipeline.kafka.event.PromotionDecided;

/**
 * Where a challenger's rollout stands, as the registry holds it: the version's
 * {@value #TAG} tag (what serving reads: {@code shadow} or {@code canary:<percent>}) and
 * when this stage began (the evidence of a stage is counted from then).
 *
 * @param version the challenger's version
 * @param shadow whether it is a shadow (else a canary)
 * @param percent the share of requests a canary answers; for a shadow, the share of the
 * canary that follows it (shadow-then-canary), 0 when none does
 * @param since when this stage began
 */
public record RolloutStage(String version, boolean shadow, int percent, Instant since) {

	/** The version tag serving reads the rollout from. */
	public static final String TAG = "rollout";

	public RolloutStage {
		if (!shadow && (percent < 1 || percent > 100)) {
			throw new IllegalArgumentException("A canary answers 1 to 100 % of requests, not " + percent);
		}
		if (shadow && (percent < 0 || percent > 100)) {
			throw new IllegalArgumentException("A canary answers 1 to 100 % of requests, not " + percent);
		}
	}

	/**
	 * A shadow stage.
	 * @param version the challenger
	 * @param since when it began
	 * @return the stage
	 */
	public static RolloutStage shadow(String version, Instant since) {
		return new RolloutStage(version, true, 0, since);
	}

	/**
	 * A shadow stage that a canary follows once it passes.
	 * @param version the challenger
	 * @param canaryPercent the share of requests the canary will answer
	 * @param since when it began
	 * @return the stage
	 */
	public static RolloutStage shadowThenCanary(String version, int canaryPercent, Instant since) {
		return new RolloutStage(version, true, canaryPercent, since);
	}

	/**
	 * A canary stage.
	 * @param version the challenger
	 * @param percent the share of requests it answers
	 * @param since when it began
	 * @return the stage
	 */
	public static RolloutStage canary(String version, int percent, Instant since) {
		return new RolloutStage(version, false, percent, since);
	}

	/**
	 * The {@value #TAG} tag's value for this stage, as serving parses it.
	 * @return {@code shadow} or {@code canary:<percent>}
	 */
	public String tag() {
		return this.shadow ? "shadow" : "canary:" + this.percent;
	}

	/**
	 * This stage as a decision records it.
	 * @param mode the rollout's mode
	 * @return the decision's rollout
	 */
	public PromotionDecided.Rollout toEvent(RolloutMode mode) {
		return new PromotionDecided.Rollout(mode.text(),
				this.shadow ? PromotionDecided.Rollout.SHADOW : PromotionDecided.Rollout.CANARY, this.percent,
				this.since);
	}

	/**
	 * The stage a decision recorded.
	 * @param version the challenger
	 * @param rollout the decision's rollout
	 * @return the stage
	 */
	public static RolloutStage of(String version, PromotionDecided.Rollout rollout) {
		return new RolloutStage(version, PromotionDecided.Rollout.SHADOW.equals(rollout.stage()), rollout.percent(),
				rollout.since());
	}

	/**
	 * How the stage reads in a reason line.
	 * @return {@code a shadow} or {@code a 10 % canary}
	 */
	public String describe() {
		return this.shadow ? "a shadow" : "a " + this.percent + " % canary";
	}

}
