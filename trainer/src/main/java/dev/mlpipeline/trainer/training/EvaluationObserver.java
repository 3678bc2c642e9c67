package dev.mlpipeline.trainer.training;

import weka.classifiers.Classifier;
import weka.core.Instances;

/**
 * Sees every test split of a job's evaluation as it happens: the rows each fold (or the
 * holdout) trained on, the rows it was tested on and the model it tested, so another
 * model can be scored on exactly the same rows without repeating the fold logic.
 */
public interface EvaluationObserver {

	/** An evaluation nobody watches. */
	EvaluationObserver NONE = new EvaluationObserver() {
	};

	/**
	 * A cross-validation fold was tested.
	 * @param index the fold's index, from 0
	 * @param train the rows the fold's model was trained on
	 * @param test the fold's test rows
	 * @param model the fold's model
	 * @throws Exception when scoring on the fold fails
	 */
	default void fold(int index, Instances train, Instances test, Classifier model) throws Exception {
	}

	/**
	 * The holdout was tested.
	 * @param train the rows the holdout model was trained on
	 * @param test the held-out rows
	 * @param model the holdout model
	 * @throws Exception when scoring on the holdout fails
	 */
	default void holdout(Instances train, Instances test, Classifier model) throws Exception {
	}

}
