package dev.mlpipeline.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.classifiers.evaluation.Evaluation;
import weka.core.Instances;

/**
 * Evaluates a prepared job's classifier as the job asks (cross-validation or holdout),
 * then trains the final model on every row, which is the model that gets registered. It
 * cross-validates fold by fold, exactly as Weka's {@code crossValidateModel} does (same
 * shuffle, stratification and fold order, so the same figures), to tell its progress and
 * to stop between folds when the job's time is up.
 */
public class ModelTrainer {

	/** How many training rows the model's input example shows. */
	static final int EXAMPLE_ROWS = 5;

	private static final Logger logger = LoggerFactory.getLogger(ModelTrainer.class);

	/**
	 * Evaluates and trains, telling nobody how far it is.
	 * @param job a prepared job
	 * @return the trained model and its evaluation
	 * @throws TrainingException when Weka fails to train or evaluate
	 */
	public TrainedModel train(PreparedJob job) {
		return train(job, TrainingProgress.NONE);
	}

	/**
	 * Evaluates and trains.
	 * @param job a prepared job
	 * @param progress hears each phase and each fold
	 * @return the trained model and its evaluation
	 * @throws TrainingException when Weka fails to train or evaluate
	 */
	public TrainedModel train(PreparedJob job, TrainingProgress progress) {
		return train(job, progress, EvaluationObserver.NONE);
	}

	/**
	 * Evaluates and trains, showing every test split to an observer.
	 * @param job a prepared job
	 * @param progress hears each phase and each fold
	 * @param observer sees each fold (or the holdout) with its rows and model
	 * @return the trained model and its evaluation
	 * @throws TrainingException when Weka fails to train or evaluate, or the observer
	 * fails
	 */
	public TrainedModel train(PreparedJob job, TrainingProgress progress, EvaluationObserver observer) {
		String jobId = job.job().jobId();
		Instances data = job.data();
		try {
			logger.info("job {}: evaluating {} on {} rows ({})", jobId, job.algorithm(), data.numInstances(),
					job.plan().describe());
			long start = System.nanoTime();
			Evaluation evaluation = evaluate(job, progress, observer);
			long evaluationTimeMs = (System.nanoTime() - start) / 1_000_000;
			logger.info("job {}: training the final model on all {} rows", jobId, data.numInstances());
			progress.reached(TrainingPhase.FITTING, 0, 0);
			Classifier classifier = AbstractClassifier.makeCopy(job.classifier());
			start = System.nanoTime();
			classifier.buildClassifier(data);
			long fitTimeMs = (System.nanoTime() - start) / 1_000_000;
			Instances header = new Instances(data, 0);
			Map<String, Double> metrics = EvaluationMetrics.overall(evaluation, job.plan(), evaluationTimeMs,
					fitTimeMs);
			Map<String, Double> classMetrics = EvaluationMetrics.perClass(evaluation, header);
			List<String> labels = new ArrayList<>();
			for (int i = 0; i < header.numClasses(); i++) {
				labels.add(header.classAttribute().value(i));
			}
			String summary = evaluation.toSummaryString("=== " + job.plan().describe() + " ===\n", false) + "\n"
					+ evaluation.toClassDetailsString() + "\n" + evaluation.toMatrixString();
			logger.info("job {}: evaluated in {} ms, trained in {} ms, accuracy {}", jobId, evaluationTimeMs, fitTimeMs,
					metrics.get(EvaluationMetrics.ACCURACY));
			Instances examples = new Instances(data, 0, Math.min(EXAMPLE_ROWS, data.numInstances()));
			return new TrainedModel(job.algorithm(), classifier, header, metrics, classMetrics,
					evaluation.confusionMatrix(), List.copyOf(labels), summary, FeatureSchemas.nullableFeatures(data),
					examples);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new TrainingException(
					job.algorithm() + " failed on " + job.job().dataset().uri() + ": " + Failures.message(ex), ex);
		}
	}

	private static Evaluation evaluate(PreparedJob job, TrainingProgress progress, EvaluationObserver observer)
			throws Exception {
		Instances data = job.data();
		EvaluationPlan plan = job.plan();
		if (!plan.holdout()) {
			return crossValidate(job.classifier(), data, plan.folds(), new Random(plan.seed()), progress, observer);
		}
		progress.reached(TrainingPhase.EVALUATING, 0, 0);
		Instances shuffled = new Instances(data);
		shuffled.randomize(new Random(plan.seed()));
		int testRows = (int) Math.round(shuffled.numInstances() * plan.holdoutFraction());
		int trainRows = shuffled.numInstances() - testRows;
		Instances train = new Instances(shuffled, 0, trainRows);
		Instances test = new Instances(shuffled, trainRows, testRows);
		Classifier classifier = AbstractClassifier.makeCopy(job.classifier());
		classifier.buildClassifier(train);
		Evaluation evaluation = new Evaluation(train);
		evaluation.evaluateModel(classifier, test);
		observer.holdout(train, test, classifier);
		return evaluation;
	}

	/**
	 * Weka's {@code Evaluation.crossValidateModel}, one fold at a time: the rows shuffled
	 * with the seeded random, stratified for a nominal class, each fold's training rows
	 * drawn with the same random, priors reset from them, a fresh copy of the classifier
	 * per fold.
	 */
	static Evaluation crossValidate(Classifier classifier, Instances rows, int folds, Random random,
			TrainingProgress progress, EvaluationObserver observer) throws Exception {
		Evaluation evaluation = new Evaluation(rows);
		Instances data = new Instances(rows);
		data.randomize(random);
		if (data.classAttribute().isNominal()) {
			data.stratify(folds);
		}
		for (int fold = 0; fold < folds; fold++) {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("stopped before fold " + (fold + 1) + " of " + folds);
			}
			progress.reached(TrainingPhase.CROSS_VALIDATING, fold + 1, folds);
			Instances train = data.trainCV(folds, fold, random);
			evaluation.setPriors(train);
			Classifier copy = AbstractClassifier.makeCopy(classifier);
			copy.buildClassifier(train);
			Instances test = data.testCV(folds, fold);
			evaluation.evaluateModel(copy, test);
			observer.fold(fold, train, test, copy);
		}
		return evaluation;
	}

}
