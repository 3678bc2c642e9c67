package dev.mlpipeline.trainer.champion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import weka.classifiers.Classifier;
import weka.classifiers.evaluation.Evaluation;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.trainer.training.EvaluationMetrics;
import dev.mlpipeline.trainer.training.EvaluationObserver;
import dev.mlpipeline.trainer.training.EvaluationPlan;

/**
 * Scores the champion beside the candidate on every test split of the candidate's
 * evaluation, fold by fold, and keeps both models' figures per fold (and, for a holdout,
 * which rows each got right) for a paired comparison. A champion that fails on some row
 * stops being scored and says why; the candidate's evaluation goes on regardless.
 */
final class PairedScoring implements EvaluationObserver {

	private final Classifier champion;

	private final HeaderMapping mapping;

	private final EvaluationPlan plan;

	private final Evaluation championPooled;

	private final List<PairedEvaluation.Fold> folds = new ArrayList<>();

	private PairedEvaluation.Holdout holdout;

	private long trainRows;

	private long testRows;

	private String failure;

	private final Boolean championTrainedOnTheseRows;

	PairedScoring(Classifier champion, HeaderMapping mapping, Instances data, EvaluationPlan plan,
			Boolean championTrainedOnTheseRows) throws Exception {
		this.champion = champion;
		this.mapping = mapping;
		this.plan = plan;
		this.championTrainedOnTheseRows = championTrainedOnTheseRows;
		this.championPooled = new Evaluation(data);
	}

	@Override
	public void fold(int index, Instances train, Instances test, Classifier model) throws Exception {
		if (this.failure != null) {
			return;
		}
		Evaluation mine = new Evaluation(train);
		mine.evaluateModel(model, test);
		Evaluation theirs = new Evaluation(train);
		try {
			this.championPooled.setPriors(train);
			for (Instance row : test) {
				double[] distribution = championDistribution(row);
				theirs.evaluateModelOnceAndRecordPrediction(distribution, row);
				this.championPooled.evaluateModelOnceAndRecordPrediction(distribution, row);
			}
		}
		catch (Exception ex) {
			failed("fold " + (index + 1), ex);
			return;
		}
		this.trainRows += train.numInstances();
		this.testRows += test.numInstances();
		this.folds.add(new PairedEvaluation.Fold(index, train.numInstances(), test.numInstances(),
				EvaluationMetrics.quality(mine), EvaluationMetrics.quality(theirs)));
	}

	@Override
	public void holdout(Instances train, Instances test, Classifier model) throws Exception {
		Evaluation mine = new Evaluation(train);
		Evaluation theirs = new Evaluation(train);
		int bothRight = 0;
		int candidateOnly = 0;
		int championOnly = 0;
		int bothWrong = 0;
		this.championPooled.setPriors(train);
		for (Instance row : test) {
			double actual = row.classValue();
			boolean candidateRight = right(mine.evaluateModelOnceAndRecordPrediction(model, row), actual);
			boolean championRight;
			try {
				double[] distribution = championDistribution(row);
				championRight = right(theirs.evaluateModelOnceAndRecordPrediction(distribution, row), actual);
				this.championPooled.evaluateModelOnceAndRecordPrediction(distribution, row);
			}
			catch (Exception ex) {
				failed("the holdout", ex);
				return;
			}
			if (candidateRight && championRight) {
				bothRight++;
			}
			else if (candidateRight) {
				candidateOnly++;
			}
			else if (championRight) {
				championOnly++;
			}
			else {
				bothWrong++;
			}
		}
		this.trainRows = train.numInstances();
		this.testRows = test.numInstances();
		this.folds.add(new PairedEvaluation.Fold(0, train.numInstances(), test.numInstances(),
				EvaluationMetrics.quality(mine), EvaluationMetrics.quality(theirs)));
		this.holdout = new PairedEvaluation.Holdout(test.numInstances(), bothRight, candidateOnly, championOnly,
				bothWrong);
	}

	/**
	 * Why the champion stopped being scored.
	 * @return the reason, empty when it was scored on every split
	 */
	Optional<String> failure() {
		return Optional.ofNullable(this.failure);
	}

	/**
	 * The paired figures, once the evaluation ran.
	 * @param championVersion the champion's version
	 * @param championRunId the champion's run
	 * @return the paired evaluation, empty when the champion failed or nothing was scored
	 */
	Optional<PairedEvaluation> paired(String championVersion, String championRunId) {
		if (this.failure != null || this.folds.isEmpty() || this.trainRows == 0) {
			return Optional.empty();
		}
		String basis = this.plan.holdout() ? PairedEvaluation.PAIRED_HOLDOUT : PairedEvaluation.PAIRED_FOLDS;
		return Optional.of(new PairedEvaluation(basis, this.plan.describe(), championVersion, championRunId,
				(double) this.testRows / this.trainRows, this.folds, this.holdout, this.championTrainedOnTheseRows));
	}

	/**
	 * The champion's figures over every test split together, as the candidate's own
	 * figures are computed.
	 * @return metric name to value
	 */
	Map<String, Double> championMetrics() {
		return (this.failure != null) ? Map.of() : new LinkedHashMap<>(EvaluationMetrics.quality(this.championPooled));
	}

	/**
	 * What the champion, a fixed model never trained again, makes of a row of the data:
	 * the row carried into its header, its distribution carried back to the data's class
	 * order, so Weka's evaluation scores it exactly as it scores the candidate.
	 */
	private double[] championDistribution(Instance row) throws Exception {
		return this.mapping.toData(this.champion.distributionForInstance(this.mapping.toChampion(row)));
	}

	private void failed(String where, Exception ex) {
		this.failure = "the champion failed to score " + where + ": " + ex;
	}

	private static boolean right(double predicted, double actual) {
		return !Utils.isMissingValue(predicted) && !Utils.isMissingValue(actual) && (int) predicted == (int) actual;
	}

}
