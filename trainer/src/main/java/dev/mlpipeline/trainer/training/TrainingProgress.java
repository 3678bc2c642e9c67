package dev.mlpipeline.trainer.training;

/**
 * Hears where a training is, so the trainer can record it on the job's run while Weka
 * works; the training does not depend on where it goes.
 */
@FunctionalInterface
public interface TrainingProgress {

	/** Progress nobody follows. */
	TrainingProgress NONE = (phase, fold, folds) -> {
	};

	/**
	 * A training entered a phase, or a fold of it.
	 * @param phase the phase
	 * @param fold the fold being trained and tested (1-based) while cross-validating,
	 * else 0
	 * @param folds the number of folds while cross-validating, else 0
	 */
	void reached(TrainingPhase phase, int fold, int folds);

}
