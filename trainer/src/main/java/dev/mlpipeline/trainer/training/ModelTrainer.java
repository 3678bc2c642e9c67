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
 * then trains the final model on every row, which is the model that gets registered.
 */
public class ModelTrainer {

	private static final Logger logger = LoggerFactory.getLogger(ModelTrainer.class);

	/**
	 * Evaluates and trains.
	 * @param job a prepared job
	 * @return the trained model and its evaluation
	 * @throws TrainingException when Weka fails to train or evaluate
	 */
	public TrainedModel train(PreparedJob job) {
		String jobId = job.job().jobId();
		Instances data = job.data();
		try {
			logger.info("job {}: evaluating {} on {} rows ({})", jobId, job.algorithm(), data.numInstances(),
					job.plan().describe());
			Evaluation evaluation = evaluate(job);
			logger.info("job {}: training the final model on all {} rows", jobId, data.numInstances());
			Classifier classifier = AbstractClassifier.makeCopy(job.classifier());
			long start = System.nanoTime();
			classifier.buildClassifier(data);
			long trainingTimeMs = (System.nanoTime() - start) / 1_000_000;
			Instances header = new Instances(data, 0);
			Map<String, Double> metrics = EvaluationMetrics.overall(evaluation, trainingTimeMs);
			Map<String, Double> classMetrics = EvaluationMetrics.perClass(evaluation, header);
			List<String> labels = new ArrayList<>();
			for (int i = 0; i < header.numClasses(); i++) {
				labels.add(header.classAttribute().value(i));
			}
			String summary = evaluation.toSummaryString("=== " + job.plan().describe() + " ===\n", false) + "\n"
					+ evaluation.toClassDetailsString() + "\n" + evaluation.toMatrixString();
			logger.info("job {}: trained in {} ms, accuracy {}", jobId, trainingTimeMs,
					metrics.get(EvaluationMetrics.ACCURACY));
			return new TrainedModel(job.algorithm(), classifier, header, metrics, classMetrics,
					evaluation.confusionMatrix(), List.copyOf(labels), summary);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new TrainingException(
					job.algorithm() + " failed on " + job.job().dataset().uri() + ": " + Failures.message(ex), ex);
		}
	}

	private static Evaluation evaluate(PreparedJob job) throws Exception {
		Instances data = job.data();
		EvaluationPlan plan = job.plan();
		if (!plan.holdout()) {
			Evaluation evaluation = new Evaluation(data);
			evaluation.crossValidateModel(AbstractClassifier.makeCopy(job.classifier()), data, plan.folds(),
					new Random(plan.seed()));
			return evaluation;
		}
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
		return evaluation;
	}

}
