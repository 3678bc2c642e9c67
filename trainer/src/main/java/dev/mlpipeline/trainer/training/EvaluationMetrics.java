package dev.mlpipeline.trainer.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import weka.classifiers.evaluation.Evaluation;
import weka.core.Instances;

/**
 * Names Weka's evaluation figures the way the pipeline records them in MLflow and in
 * {@code ModelRegistered}: fractions not percentages, snake_case names, class-wise
 * figures as {@code <metric>.<class>}, and undefined (NaN) values left out since JSON has
 * no NaN.
 */
public final class EvaluationMetrics {

	/** Accuracy as a fraction of correctly classified test rows, 0..1. */
	public static final String ACCURACY = "accuracy";

	/** Cohen's kappa. */
	public static final String KAPPA = "kappa";

	/** Precision averaged over classes, weighted by class frequency. */
	public static final String WEIGHTED_PRECISION = "weighted_precision";

	/** Recall averaged over classes, weighted by class frequency. */
	public static final String WEIGHTED_RECALL = "weighted_recall";

	/** F1 averaged over classes, weighted by class frequency. */
	public static final String WEIGHTED_F1 = "weighted_f1";

	/** Area under the ROC curve averaged over classes, weighted by class frequency. */
	public static final String WEIGHTED_ROC_AUC = "weighted_roc_auc";

	/** Mean absolute error of the class probability estimates. */
	public static final String MEAN_ABSOLUTE_ERROR = "mean_absolute_error";

	/** Root mean squared error of the class probability estimates. */
	public static final String ROOT_MEAN_SQUARED_ERROR = "root_mean_squared_error";

	/**
	 * Wall time of the whole training: the evaluation ({@link #CV_TIME_MS} or
	 * {@link #HOLDOUT_TIME_MS}) plus the final fit ({@link #FIT_TIME_MS}).
	 */
	public static final String TRAINING_TIME_MS = "training_time_ms";

	/** Wall time of the cross-validation (every fold trained and tested). */
	public static final String CV_TIME_MS = "cv_time_ms";

	/** Wall time of the holdout evaluation (training on the rest, testing). */
	public static final String HOLDOUT_TIME_MS = "holdout_time_ms";

	/** Wall time of training the final model on the whole data set. */
	public static final String FIT_TIME_MS = "fit_time_ms";

	/** The metrics copied to model version tags, for the promoter and people. */
	public static final List<String> PRIMARY = List.of(ACCURACY, KAPPA, WEIGHTED_F1, WEIGHTED_ROC_AUC);

	private EvaluationMetrics() {
	}

	/**
	 * The overall metrics of an evaluation.
	 * @param evaluation a finished evaluation
	 * @param plan how the model was evaluated
	 * @param evaluationTimeMs wall time of the evaluation
	 * @param fitTimeMs wall time of training the final model
	 * @return metric name to value, NaN values left out, in a stable order
	 */
	public static Map<String, Double> overall(Evaluation evaluation, EvaluationPlan plan, long evaluationTimeMs,
			long fitTimeMs) {
		Map<String, Double> metrics = quality(evaluation);
		put(metrics, plan.holdout() ? HOLDOUT_TIME_MS : CV_TIME_MS, (double) evaluationTimeMs);
		put(metrics, FIT_TIME_MS, (double) fitTimeMs);
		put(metrics, TRAINING_TIME_MS, (double) (evaluationTimeMs + fitTimeMs));
		return metrics;
	}

	/**
	 * How well the evaluated model did, without timings: the figures two models scored on
	 * the same rows are compared by.
	 * @param evaluation a finished evaluation
	 * @return metric name to value, NaN values left out, in a stable order
	 */
	public static Map<String, Double> quality(Evaluation evaluation) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		put(metrics, ACCURACY, evaluation.pctCorrect() / 100.0);
		put(metrics, KAPPA, evaluation.kappa());
		put(metrics, WEIGHTED_PRECISION, evaluation.weightedPrecision());
		put(metrics, WEIGHTED_RECALL, evaluation.weightedRecall());
		put(metrics, WEIGHTED_F1, evaluation.weightedFMeasure());
		put(metrics, WEIGHTED_ROC_AUC, evaluation.weightedAreaUnderROC());
		put(metrics, MEAN_ABSOLUTE_ERROR, evaluation.meanAbsoluteError());
		put(metrics, ROOT_MEAN_SQUARED_ERROR, evaluation.rootMeanSquaredError());
		return metrics;
	}

	/**
	 * The per-class metrics of an evaluation: precision, recall, F1 and ROC AUC of each
	 * class value.
	 * @param evaluation a finished evaluation
	 * @param header the data's header, class attribute set
	 * @return metric name ({@code precision.Iris-setosa}) to value, NaN values left out
	 */
	public static Map<String, Double> perClass(Evaluation evaluation, Instances header) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		for (int i = 0; i < header.numClasses(); i++) {
			String label = metricName(header.classAttribute().value(i));
			put(metrics, "precision." + label, evaluation.precision(i));
			put(metrics, "recall." + label, evaluation.recall(i));
			put(metrics, "f1." + label, evaluation.fMeasure(i));
			put(metrics, "roc_auc." + label, evaluation.areaUnderROC(i));
		}
		return metrics;
	}

	/**
	 * A class value made safe for an MLflow metric key (letters, digits, {@code _ - . /}
	 * and spaces).
	 * @param value a class value
	 * @return the value with any other character replaced by {@code _}
	 */
	static String metricName(String value) {
		String safe = value.replaceAll("[^A-Za-z0-9_\\-. /]", "_");
		return safe.isEmpty() ? "_" : safe;
	}

	private static void put(Map<String, Double> metrics, String name, double value) {
		if (!Double.isNaN(value) && !Double.isInfinite(value)) {
			metrics.put(name, value);
		}
	}

}
