package dev.mlpipeline.kafka.event;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The promoter decided about a version: the audit record of every decision.
 *
 * @param eventId unique id of this event
 * @param modelName registered model name (also the record key)
 * @param version the version decided about
 * @param outcome what the decision did
 * @param reasons one human-readable line per policy gate, or the operator's reason
 * @param metric the primary metric the policy compared
 * @param candidateValue the version's value of that metric, {@code null} when unknown
 * @param championValue the champion's value of that metric, {@code null} without a
 * champion
 * @param championVersion the production version when the decision was taken, may be
 * {@code null}
 * @param cause what triggered the decision
 * @param decidedAt when the decision was taken
 * @param actor who took it: the operator's user name for an operator's action,
 * {@code policy} for the promotion policy
 * @param comparison how the candidate compared with the champion, {@code null} without a
 * champion or for an operator's action
 * @param cost the scoring cost of the candidate and the champion, {@code null} when not
 * measured
 * @param rollout the challenger's rollout this decision is about (the stage it entered,
 * passed or was dropped from), {@code null} for a decision about production alone
 */
public record PromotionDecided(String eventId, String modelName, String version, PromotionOutcome outcome,
		List<String> reasons, String metric, @Nullable Double candidateValue, @Nullable Double championValue,
		@Nullable String championVersion, PromotionCause cause, Instant decidedAt, String actor,
		@Nullable Comparison comparison, @Nullable Cost cost, @Nullable Rollout rollout) {

	/** The actor of a decision the promotion policy took. */
	public static final String POLICY_ACTOR = "policy";

	/**
	 * The candidate against the champion on the primary metric.
	 *
	 * @param basis {@code paired-folds} (both scored on the same cross-validation folds),
	 * {@code paired-holdout} (on the same holdout rows) or {@code unpaired} (each on its
	 * own data, the comparison of runs without same-data figures)
	 * @param metric the primary metric
	 * @param candidate the candidate's value
	 * @param champion the champion's value, on the candidate's data when paired
	 * @param difference candidate minus champion (its sign flipped when lower is better,
	 * so a positive difference is always a gain)
	 * @param pValue the two-sided p-value of the paired test, {@code null} unpaired
	 * @param test {@code corrected resampled t-test} or {@code McNemar}, {@code null}
	 * unpaired
	 * @param folds the paired per-fold values the test took, in fold order (one pair for
	 * a holdout); empty unpaired
	 * @param testTrainRatio test rows over training rows, the t-test's correction
	 * @param candidateOnlyRight holdout rows only the candidate got right (McNemar)
	 * @param championOnlyRight holdout rows only the champion got right (McNemar)
	 * @param championTrainedOnTheseRows whether the champion was trained on exactly the
	 * candidate's rows (it is then scored on rows it has seen, which favours it),
	 * {@code null} when unknown
	 */
	public record Comparison(String basis, String metric, Double candidate, Double champion, Double difference,
			@Nullable Double pValue, @Nullable String test, List<FoldPair> folds, @Nullable Double testTrainRatio,
			@Nullable Integer candidateOnlyRight, @Nullable Integer championOnlyRight,
			@Nullable Boolean championTrainedOnTheseRows) {

		/** Both models scored on the same cross-validation folds. */
		public static final String PAIRED_FOLDS = "paired-folds";

		/** Both models scored on the same holdout rows. */
		public static final String PAIRED_HOLDOUT = "paired-holdout";

		/** Each model's figures from its own data. */
		public static final String UNPAIRED = "unpaired";

		public Comparison {
			folds = (folds != null) ? List.copyOf(folds) : List.of();
		}

		/**
		 * This comparison without its per-fold values, for a record that must shrink.
		 * @return the copy
		 */
		public Comparison withoutFolds() {
			return new Comparison(this.basis, this.metric, this.candidate, this.champion, this.difference, this.pValue,
					this.test, List.of(), this.testTrainRatio, this.candidateOnlyRight, this.championOnlyRight,
					this.championTrainedOnTheseRows);
		}

	}

	/**
	 * One fold's values of the primary metric.
	 *
	 * @param candidate the candidate's value on the fold
	 * @param champion the champion's value on the same rows
	 */
	public record FoldPair(double candidate, double champion) {
	}

	/**
	 * The scoring cost of both models, measured by the trainer in the same job.
	 *
	 * @param candidate the candidate's figures
	 * @param champion the champion's figures, {@code null} when not measured
	 */
	public record Cost(CostFigures candidate, @Nullable CostFigures champion) {
	}

	/**
	 * One model's scoring cost.
	 *
	 * @param latencyP50Ms median scoring time per row, single thread, in milliseconds
	 * @param latencyP99Ms 99th percentile of the same
	 * @param modelBytes size of the serialized model file
	 * @param heapBytes heap the model takes once loaded
	 */
	public record CostFigures(@Nullable Double latencyP50Ms, @Nullable Double latencyP99Ms, @Nullable Double modelBytes,
			@Nullable Double heapBytes) {
	}

	/**
	 * A challenger's rollout stage.
	 *
	 * @param mode how the version is rolled out: {@code shadow}, {@code canary} or
	 * {@code shadow-then-canary}
	 * @param stage the stage: {@code shadow} or {@code canary}
	 * @param percent the share of requests a canary answers; for the shadow of
	 * {@code shadow-then-canary}, the share of the canary that follows it (0 for a shadow
	 * alone)
	 * @param since when the stage began
	 */
	public record Rollout(String mode, String stage, int percent, Instant since) {

		/** The stage in which the challenger scores every request beside the champion. */
		public static final String SHADOW = "shadow";

		/** The stage in which the challenger answers a share of the requests. */
		public static final String CANARY = "canary";

		/**
		 * The version tag {@code rollout} that serving reads for this stage.
		 * @return {@code shadow} or {@code canary:<percent>}
		 */
		public String tag() {
			return SHADOW.equals(this.stage) ? SHADOW : CANARY + ":" + this.percent;
		}

	}

}
