package dev.mlpipeline.promoter.rollout;

import java.util.Locale;

/**
 * How a candidate that passed the offline gates reaches production
 * ({@code PROMOTION_ROLLOUT}).
 */
public enum RolloutMode {

	/** Straight to production, as the policy decides. */
	DIRECT,

	/** A shadow first; promoted when the live gates pass. */
	SHADOW,

	/** A canary first; promoted when the live gates pass. */
	CANARY,

	/** A shadow, then a canary, then production, each step on the live gates. */
	SHADOW_THEN_CANARY;

	/**
	 * The mode a setting names.
	 * @param text {@code direct}, {@code shadow}, {@code canary} or
	 * {@code shadow-then-canary}, in any case
	 * @return the mode
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static RolloutMode parse(String text) {
		String normalized = (text != null) ? text.strip().toUpperCase(Locale.ROOT).replace('-', '_') : "";
		for (RolloutMode mode : values()) {
			if (mode.name().equals(normalized)) {
				return mode;
			}
		}
		throw new IllegalArgumentException(
				"Unknown rollout '" + text + "': use direct, shadow, canary or shadow-then-canary");
	}

	/**
	 * The setting's spelling.
	 * @return {@code direct}, {@code shadow}, {@code canary} or
	 * {@code shadow-then-canary}
	 */
	public String text() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
