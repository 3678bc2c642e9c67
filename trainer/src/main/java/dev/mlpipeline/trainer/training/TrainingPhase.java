package dev.mlpipeline.trainer.training;

/**
 * The steps of a job's attempt, as its status and its run's {@code phase} tag name them,
 * so a long training says where it is instead of only RUNNING.
 */
public enum TrainingPhase {

	/** Reading the whole data set and checking the job against it. */
	LOADING("loading"),

	/** Cross-validating, fold by fold. */
	CROSS_VALIDATING("cross-validating"),

	/** Evaluating on a holdout split. */
	EVALUATING("evaluating"),

	/** Training the final model on every row. */
	FITTING("fitting"),

	/** Uploading the model's files and registering a version. */
	REGISTERING("registering");

	private final String label;

	TrainingPhase(String label) {
		this.label = label;
	}

	/**
	 * The phase's name in a job's status and run tags.
	 * @return for example {@code cross-validating}
	 */
	public String label() {
		return this.label;
	}

}
