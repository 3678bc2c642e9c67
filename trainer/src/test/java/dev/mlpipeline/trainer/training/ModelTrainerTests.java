package dev.mlpipeline.trainer.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.classifiers.bayes.NaiveBayes;
import weka.classifiers.functions.Logistic;
import weka.classifiers.trees.J48;
import weka.core.Instances;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.event.TrainingRequested.Dataset;
import dev.mlpipeline.kafka.event.TrainingRequested.Evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelTrainerTests {

	@TempDir
	static Path dataDir;

	static JobValidator validator;

	final ModelTrainer trainer = new ModelTrainer();

	@BeforeAll
	static void validator() {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		validator = new JobValidator(new DatasetResolver(dataDir), new AlgorithmResolver(dataDir));
	}

	@Test
	void reportsWekasCrossValidationFiguresForJ48OnIris() {
		TrainedModel model = this.trainer.train(validator.prepare(job("J48", null, null)));
		// Weka's reference result: J48 -C 0.25 -M 2, 10-fold CV with seed 1, 144 of 150
		// correct
		assertThat(model.metrics().get(EvaluationMetrics.ACCURACY)).isCloseTo(0.96, within(1e-9));
		assertThat(model.metrics().get(EvaluationMetrics.KAPPA)).isCloseTo(0.94, within(1e-9));
		assertThat(model.metrics()).containsKeys(EvaluationMetrics.WEIGHTED_PRECISION,
				EvaluationMetrics.WEIGHTED_RECALL, EvaluationMetrics.WEIGHTED_F1, EvaluationMetrics.WEIGHTED_ROC_AUC,
				EvaluationMetrics.MEAN_ABSOLUTE_ERROR, EvaluationMetrics.ROOT_MEAN_SQUARED_ERROR,
				EvaluationMetrics.TRAINING_TIME_MS);
		assertThat(model.metrics().get(EvaluationMetrics.WEIGHTED_RECALL)).isCloseTo(0.96, within(1e-9));
		assertThat(model.classMetrics()).containsKeys("precision.Iris-setosa", "recall.Iris-versicolor",
				"f1.Iris-virginica", "roc_auc.Iris-setosa");
		assertThat(sum(model.confusionMatrix())).isEqualTo(150);
		assertThat(model.confusionMatrix()[0][0] + model.confusionMatrix()[1][1] + model.confusionMatrix()[2][2])
			.isEqualTo(144);
		assertThat(model.classLabels()).containsExactly("Iris-setosa", "Iris-versicolor", "Iris-virginica");
		assertThat(model.summary()).contains("Correctly Classified Instances", "=== Confusion Matrix ===");
		assertThat(model.header().numInstances()).isZero();
		assertThat(model.header().classAttribute().name()).isEqualTo("class");
	}

	@Test
	void leavesOutMetricsWekaCannotDefine() {
		// ZeroR predicts the first class only: precision of the other classes is
		// undefined
		TrainedModel model = this.trainer.train(validator.prepare(job("ZeroR", null, null)));
		assertThat(model.metrics()).doesNotContainKey(EvaluationMetrics.WEIGHTED_PRECISION)
			.containsKey(EvaluationMetrics.ACCURACY);
		assertThat(model.allMetrics().values()).allSatisfy((value) -> assertThat(value).isFinite());
		assertThat(model.metrics().get(EvaluationMetrics.ACCURACY)).isLessThan(0.34);
	}

	@Test
	void evaluatesOnAHoldoutWhenAsked() {
		TrainedModel model = this.trainer
			.train(validator.prepare(job("NaiveBayes", null, new Evaluation(null, 3L, 0.2))));
		assertThat(sum(model.confusionMatrix())).isEqualTo(30);
		assertThat(model.metrics().get(EvaluationMetrics.ACCURACY)).isBetween(0.8, 1.0);
	}

	@Test
	void trainsTheFinalModelOnEveryRow() throws Exception {
		PreparedJob prepared = validator.prepare(job("J48", null, null));
		TrainedModel model = this.trainer.train(prepared);
		int correct = 0;
		for (int i = 0; i < prepared.data().numInstances(); i++) {
			var row = prepared.data().instance(i);
			if (model.classifier().classifyInstance(row) == row.classValue()) {
				correct++;
			}
		}
		// J48 on all of iris misclassifies 3 training rows
		assertThat(correct).isEqualTo(147);
	}

	@Test
	void crossValidatingFoldByFoldGivesWekasFiguresForTheSameSeed() throws Exception {
		Instances credit = new DatasetResolver(dataDir).load("builtin:credit-g", null);
		Instances iris = new DatasetResolver(dataDir).load("builtin:iris", null);
		record Case(Instances data, Classifier classifier, int folds, long seed) {
		}
		List<Case> cases = List.of(new Case(iris, new J48(), 10, 1), new Case(iris, new NaiveBayes(), 3, 42),
				new Case(credit, new J48(), 10, 7), new Case(credit, new NaiveBayes(), 5, 1),
				new Case(credit, new Logistic(), 4, 3));
		for (Case c : cases) {
			weka.classifiers.evaluation.Evaluation weka = new weka.classifiers.evaluation.Evaluation(c.data());
			weka.crossValidateModel(AbstractClassifier.makeCopy(c.classifier()), c.data(), c.folds(),
					new Random(c.seed()));
			weka.classifiers.evaluation.Evaluation ours = ModelTrainer.crossValidate(c.classifier(), c.data(),
					c.folds(), new Random(c.seed()), TrainingProgress.NONE, EvaluationObserver.NONE);
			String name = c.classifier().getClass().getSimpleName() + " on " + c.data().relationName();
			assertThat(ours.toSummaryString()).as(name).isEqualTo(weka.toSummaryString());
			assertThat(ours.toClassDetailsString()).as(name).isEqualTo(weka.toClassDetailsString());
			assertThat(ours.confusionMatrix()).as(name).isDeepEqualTo(weka.confusionMatrix());
			assertThat(EvaluationMetrics.overall(ours, new EvaluationPlan(c.folds(), c.seed(), null), 0, 0)).as(name)
				.isEqualTo(EvaluationMetrics.overall(weka, new EvaluationPlan(c.folds(), c.seed(), null), 0, 0));
		}
	}

	@Test
	void tellsEachPhaseAndEveryFoldInOrder() {
		List<String> heard = new ArrayList<>();
		this.trainer.train(validator.prepare(job("J48", null, new Evaluation(4, 1L, null))),
				(phase, fold, folds) -> heard.add(phase.label() + ((folds > 0) ? " " + fold + "/" + folds : "")));
		assertThat(heard).containsExactly("cross-validating 1/4", "cross-validating 2/4", "cross-validating 3/4",
				"cross-validating 4/4", "fitting");
		List<String> holdout = new ArrayList<>();
		this.trainer.train(validator.prepare(job("J48", null, new Evaluation(null, 1L, 0.2))),
				(phase, fold, folds) -> holdout.add(phase.label()));
		assertThat(holdout).containsExactly("evaluating", "fitting");
	}

	@Test
	void trainingTimeIsTheEvaluationAndTheFinalFitTogether() {
		TrainedModel model = this.trainer.train(validator.prepare(job("RandomForest", "-I 20 -S 1", null)));
		Map<String, Double> metrics = model.metrics();
		assertThat(metrics).containsKeys(EvaluationMetrics.CV_TIME_MS, EvaluationMetrics.FIT_TIME_MS)
			.doesNotContainKey(EvaluationMetrics.HOLDOUT_TIME_MS);
		assertThat(metrics.get(EvaluationMetrics.TRAINING_TIME_MS))
			.isEqualTo(metrics.get(EvaluationMetrics.CV_TIME_MS) + metrics.get(EvaluationMetrics.FIT_TIME_MS));
		TrainedModel holdout = this.trainer.train(validator.prepare(job("J48", null, new Evaluation(null, 1L, 0.2))));
		assertThat(holdout.metrics()).containsKey(EvaluationMetrics.HOLDOUT_TIME_MS)
			.doesNotContainKey(EvaluationMetrics.CV_TIME_MS);
	}

	private static double sum(double[][] matrix) {
		double total = 0;
		for (double[] row : matrix) {
			for (double value : row) {
				total += value;
			}
		}
		return total;
	}

	private static TrainingRequested job(String algorithm, String options, Evaluation evaluation) {
		return new TrainingRequested("job-1", "iris", new Dataset("builtin:iris", null), algorithm, options, evaluation,
				null, null);
	}

}
