package dev.mlpipeline.promoter.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mlpipeline.promoter.live.LiveVerdict;

/**
 * The steps of a staged rollout, from the mode and the live gates' verdict on the current
 * stage: where a candidate starts, and what follows each verdict. Pure: the caller reads
 * the registry and the live stats, and writes what this returns.
 */
public final class RolloutPlan {

	private RolloutPlan() {
	}

	/**
	 * Where a candidate that passed the offline gates starts.
	 * @param mode the model's rollout mode
	 * @param version the candidate
	 * @param canaryPercent the share a canary answers
	 * @param now the time of the decision
	 * @return the first stage, or empty for {@link RolloutMode#DIRECT} (promoted at once)
	 */
	public static Optional<RolloutStage> start(RolloutMode mode, String version, int canaryPercent, Instant now) {
		return switch (mode) {
			case DIRECT -> Optional.empty();
			case SHADOW -> Optional.of(RolloutStage.shadow(version, now));
			case SHADOW_THEN_CANARY -> Optional.of(RolloutStage.shadowThenCanary(version, canaryPercent, now));
			case CANARY -> Optional.of(RolloutStage.canary(version, canaryPercent, now));
		};
	}

	/**
	 * The reason line of a decision that stages a version.
	 * @param mode the rollout's mode
	 * @param stage the stage the version enters
	 * @param champion the champion it is served beside
	 * @return the reason
	 */
	public static String stagedReason(RolloutMode mode, RolloutStage stage, String champion) {
		return "rollout: staged as " + stage.describe() + " beside champion version " + champion + " (rollout "
				+ mode.text() + "); the live gates decide its promotion";
	}

	/**
	 * What follows the live gates' verdict on the current stage.
	 * @param mode the model's rollout mode
	 * @param stage the current stage
	 * @param verdict the live gates' verdict on the evidence since the stage began
	 * @param canaryPercent the share a canary answers, when the shadow does not name the
	 * share of its canary
	 * @param now the time of the verdict
	 * @return the next step
	 */
	public static Step next(RolloutMode mode, RolloutStage stage, LiveVerdict verdict, int canaryPercent, Instant now) {
		return switch (verdict.outcome()) {
			case WAIT -> new Step.Wait(verdict.reasons());
			case ROLL_BACK -> new Step.RollBack(verdict.reasons());
			case PROMOTE -> (stage.shadow() && mode == RolloutMode.SHADOW_THEN_CANARY)
					? new Step.Advance(RolloutStage.canary(stage.version(),
							(stage.percent() > 0) ? stage.percent() : canaryPercent, now), verdict.reasons())
					: new Step.Promote(verdict.reasons());
		};
	}

	/** One step of a rollout, with the reasons that decide it. */
	public sealed interface Step {

		/**
		 * The reason lines, one per live gate.
		 * @return the reasons
		 */
		List<String> reasons();

		/**
		 * Not enough evidence yet: the stage goes on.
		 *
		 * @param reasons the gates' verdicts
		 */
		record Wait(List<String> reasons) implements Step {
		}

		/**
		 * The stage passed and a next stage follows.
		 *
		 * @param stage the next stage
		 * @param reasons the gates' verdicts on the stage that passed
		 */
		record Advance(RolloutStage stage, List<String> reasons) implements Step {
		}

		/**
		 * The last stage passed: the challenger becomes the champion.
		 *
		 * @param reasons the gates' verdicts
		 */
		record Promote(List<String> reasons) implements Step {
		}

		/**
		 * A gate failed, or time ran out: the challenger is dropped.
		 *
		 * @param reasons the gates' verdicts
		 */
		record RollBack(List<String> reasons) implements Step {
		}

	}

}
