package dev.mlpipeline.trainer.training;

import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * How a job's model is evaluated, defaults applied: k-fold cross-validation, or a holdout
 * split when a fraction is given.
 *
 * @param folds cross-validation folds, {@code null} for a holdout
 * @param seed random seed of the fold assignment or the holdout shuffle
 * @param holdoutFraction fraction of rows held out for testing, {@code null} for
 * cross-validation
 */
public record EvaluationPlan(Integer folds, long seed, Double holdoutFraction) {

	static final int DEFAULT_FOLDS = 10;

	static final long DEFAULT_SEED = 1;

	/**
	 * The plan a job asks for, validated.
	 * @param evaluation the job's evaluation, may be {@code null}
	 * @return the plan
	 * @throws InvalidJobException naming the {@code evaluation} field at fault
	 */
	static EvaluationPlan of(TrainingRequested.Evaluation evaluation) {
		if (evaluation == null) {
			return new EvaluationPlan(DEFAULT_FOLDS, DEFAULT_SEED, null);
		}
		long seed = (evaluation.seed() != null) ? evaluation.seed() : DEFAULT_SEED;
		if (evaluation.holdoutFraction() != null) {
			double fraction = evaluation.holdoutFraction();
			if (evaluation.folds() != null) {
				throw new InvalidJobException("evaluation", "give either folds or holdoutFraction, not both");
			}
			if (!(fraction > 0 && fraction < 1)) {
				throw new InvalidJobException("evaluation.holdoutFraction",
						"must be between 0 and 1 (exclusive), was " + fraction);
			}
			return new EvaluationPlan(null, seed, fraction);
		}
		int folds = (evaluation.folds() != null) ? evaluation.folds() : DEFAULT_FOLDS;
		if (folds < 2) {
			throw new InvalidJobException("evaluation.folds", "must be at least 2, was " + folds);
		}
		return new EvaluationPlan(folds, seed, null);
	}

	/**
	 * Whether the plan is a holdout split.
	 * @return {@code true} for a holdout, {@code false} for cross-validation
	 */
	public boolean holdout() {
		return this.holdoutFraction != null;
	}

	/**
	 * The plan in words, as logged in the run's {@code evaluation} param.
	 * @return for example {@code 10-fold cross-validation, seed 1}
	 */
	public String describe() {
		return holdout() ? "holdout " + this.holdoutFraction + ", seed " + this.seed
				: this.folds + "-fold cross-validation, seed " + this.seed;
	}

}
