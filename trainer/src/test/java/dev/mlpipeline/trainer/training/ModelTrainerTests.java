package dev.mlpipeline.trainer.training;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
				null);
	}

}
