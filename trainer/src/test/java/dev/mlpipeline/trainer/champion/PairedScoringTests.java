package dev.mlpipeline.trainer.champion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.classifiers.bayes.NaiveBayes;
import weka.classifiers.trees.J48;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.trainer.training.AlgorithmResolver;
import dev.mlpipeline.trainer.training.DatasetResolver;
import dev.mlpipeline.trainer.training.EvaluationMetrics;
import dev.mlpipeline.trainer.training.JobValidator;
import dev.mlpipeline.trainer.training.ModelTrainer;
import dev.mlpipeline.trainer.training.PreparedJob;
import dev.mlpipeline.trainer.training.TrainedModel;
import dev.mlpipeline.trainer.training.TrainingProgress;
import dev.mlpipeline.trainer.training.WekaEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairedScoringTests {

	@TempDir
	static Path dataDir;

	static JobValidator validator;

	static Instances iris;

	final ModelTrainer trainer = new ModelTrainer();

	@BeforeAll
	static void data() {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		DatasetResolver datasets = new DatasetResolver(dataDir);
		validator = new JobValidator(datasets, new AlgorithmResolver(dataDir));
		iris = datasets.load("builtin:iris", null);
	}

	@Test
	void theChampionIsScoredOnExactlyTheTestFoldsOfTheCandidate() throws Exception {
		Classifier champion = trained(new J48(), iris);
		PreparedJob job = validator.prepare(job("NaiveBayes", new TrainingRequested.Evaluation(10, 7L, null)));
		PairedScoring scoring = scoring(champion, job);
		TrainedModel candidate = this.trainer.train(job, TrainingProgress.NONE, scoring);
		PairedEvaluation paired = scoring.paired("3", "run-3").orElseThrow();
		assertThat(paired.basis()).isEqualTo(PairedEvaluation.PAIRED_FOLDS);
		assertThat(paired.championVersion()).isEqualTo("3");
		assertThat(paired.folds()).hasSize(10);
		assertThat(paired.testTrainRatio()).isCloseTo(15.0 / 135, within(1e-9));
		// the folds again, the way Weka cuts them: same shuffle, stratification, random
		Random random = new Random(7);
		Instances shuffled = new Instances(job.data());
		shuffled.randomize(random);
		shuffled.stratify(10);
		int championRight = 0;
		for (int fold = 0; fold < 10; fold++) {
			Instances train = shuffled.trainCV(10, fold, random);
			Instances test = shuffled.testCV(10, fold);
			Classifier foldModel = trained(new NaiveBayes(), train);
			PairedEvaluation.Fold recorded = paired.folds().get(fold);
			assertThat(recorded.index()).isEqualTo(fold);
			assertThat(recorded.testRows()).isEqualTo(test.numInstances());
			assertThat(recorded.trainRows()).isEqualTo(train.numInstances());
			assertThat(recorded.candidate().get(EvaluationMetrics.ACCURACY)).as("candidate, fold %d", fold)
				.isCloseTo(accuracy(foldModel, test), within(1e-12));
			assertThat(recorded.champion().get(EvaluationMetrics.ACCURACY)).as("champion, fold %d", fold)
				.isCloseTo(accuracy(champion, test), within(1e-12));
			championRight += Math.round(accuracy(champion, test) * test.numInstances());
		}
		assertThat(scoring.championMetrics().get(EvaluationMetrics.ACCURACY)).isCloseTo(championRight / 150.0,
				within(1e-12));
		assertThat(candidate.metrics().get(EvaluationMetrics.ACCURACY)).isCloseTo(paired.folds()
			.stream()
			.mapToDouble((f) -> f.candidate().get(EvaluationMetrics.ACCURACY) * f.testRows())
			.sum() / 150, within(1e-9));
	}

	@Test
	void aChampionOfAnOlderSnapshotWithColumnsAndClassesInAnotherOrderIsReadByName() throws Exception {
		Instances older = reordered(iris);
		Classifier champion = trained(new J48(), older);
		PreparedJob job = validator.prepare(job("NaiveBayes", null));
		HeaderMapping mapping = HeaderMapping.of(job.data(), new Instances(older, 0)).mapping().orElseThrow();
		PairedScoring scoring = new PairedScoring(champion, mapping, job.data(), job.plan(), false);
		this.trainer.train(job, TrainingProgress.NONE, scoring);
		// every row is a test row once: the champion's pooled accuracy is its accuracy on
		// the snapshot it was trained on, the same rows in the other layout
		assertThat(scoring.championMetrics().get(EvaluationMetrics.ACCURACY))
			.isCloseTo(accuracy(champion, older), within(1e-12))
			.isGreaterThan(0.9);
		assertThat(scoring.paired("1", "run-1").orElseThrow().championTrainedOnTheseRows()).isFalse();
	}

	@Test
	void aChampionMissingAFeatureOrWithOtherClassesCannotScoreTheData() {
		Instances fewer = new Instances(iris, 0);
		fewer.setClassIndex(-1);
		fewer.deleteAttributeAt(0);
		fewer.setClassIndex(fewer.numAttributes() - 1);
		assertThat(HeaderMapping.of(fewer, new Instances(iris, 0)).unscorable())
			.hasValue("the data has no feature 'sepallength'");
		Instances otherClasses = relabelled(iris, "Iris-setosa", "Iris-arctica");
		assertThat(HeaderMapping.of(otherClasses, new Instances(iris, 0)).unscorable())
			.hasValueSatisfying((reason) -> assertThat(reason).startsWith("classes differ").contains("Iris-arctica"));
		assertThat(HeaderMapping.of(iris, new Instances(iris, 0)).unscorable()).isEmpty();
	}

	@Test
	void onAHoldoutTheRowsEachModelGotRightAreCounted() throws Exception {
		Classifier champion = trained(new J48(), iris);
		PreparedJob job = validator.prepare(job("NaiveBayes", new TrainingRequested.Evaluation(null, 3L, 0.3)));
		PairedScoring scoring = scoring(champion, job);
		TrainedModel candidate = this.trainer.train(job, TrainingProgress.NONE, scoring);
		PairedEvaluation paired = scoring.paired("1", "run-1").orElseThrow();
		PairedEvaluation.Holdout holdout = paired.holdout();
		assertThat(paired.basis()).isEqualTo(PairedEvaluation.PAIRED_HOLDOUT);
		assertThat(holdout.rows()).isEqualTo(45);
		assertThat(
				holdout.bothRight() + holdout.candidateOnlyRight() + holdout.championOnlyRight() + holdout.bothWrong())
			.isEqualTo(45);
		assertThat((holdout.bothRight() + holdout.candidateOnlyRight()) / 45.0)
			.isCloseTo(candidate.metrics().get(EvaluationMetrics.ACCURACY), within(1e-9));
		assertThat((holdout.bothRight() + holdout.championOnlyRight()) / 45.0)
			.isCloseTo(paired.folds().get(0).champion().get(EvaluationMetrics.ACCURACY), within(1e-9));
	}

	@Test
	void aChampionThatFailsToScoreIsDroppedWithTheReasonAndTheCandidateStillTrains() throws Exception {
		PreparedJob job = validator.prepare(job("J48", null));
		PairedScoring scoring = scoring(new Failing(), job);
		TrainedModel candidate = this.trainer.train(job, TrainingProgress.NONE, scoring);
		assertThat(candidate.metrics().get(EvaluationMetrics.ACCURACY)).isCloseTo(0.96, within(1e-9));
		assertThat(scoring.failure()).hasValueSatisfying(
				(reason) -> assertThat(reason).startsWith("the champion failed to score fold 1").contains("broken"));
		assertThat(scoring.paired("1", "run-1")).isEmpty();
		assertThat(scoring.championMetrics()).isEmpty();
	}

	private static PairedScoring scoring(Classifier champion, PreparedJob job) throws Exception {
		HeaderMapping mapping = HeaderMapping.of(job.data(), new Instances(job.data(), 0)).mapping().orElseThrow();
		return new PairedScoring(champion, mapping, job.data(), job.plan(), null);
	}

	private static Classifier trained(Classifier classifier, Instances data) throws Exception {
		classifier.buildClassifier(data);
		return classifier;
	}

	private static double accuracy(Classifier classifier, Instances test) throws Exception {
		int right = 0;
		for (Instance row : test) {
			if (classifier.classifyInstance(row) == row.classValue()) {
				right++;
			}
		}
		return (double) right / test.numInstances();
	}

	/** The same rows with the features in reverse order and the classes reversed. */
	private static Instances reordered(Instances data) {
		ArrayList<Attribute> attributes = new ArrayList<>();
		List<String> classes = new ArrayList<>();
		for (int i = 0; i < data.numClasses(); i++) {
			classes.add(data.classAttribute().value(i));
		}
		Collections.reverse(classes);
		attributes.add(new Attribute(data.classAttribute().name(), classes));
		for (int i = data.numAttributes() - 1; i >= 0; i--) {
			if (i != data.classIndex()) {
				attributes.add(new Attribute(data.attribute(i).name()));
			}
		}
		Instances reordered = new Instances("older-snapshot", attributes, data.numInstances());
		reordered.setClassIndex(0);
		for (Instance row : data) {
			double[] values = new double[attributes.size()];
			values[0] = classes.indexOf(row.stringValue(data.classIndex()));
			int at = 1;
			for (int i = data.numAttributes() - 1; i >= 0; i--) {
				if (i != data.classIndex()) {
					values[at++] = row.value(i);
				}
			}
			reordered.add(new DenseInstance(1, values));
		}
		return reordered;
	}

	/** A header like the data's whose class has one label renamed (a fresh copy). */
	private static Instances relabelled(Instances data, String from, String to) {
		ArrayList<Attribute> attributes = new ArrayList<>();
		for (int i = 0; i < data.numAttributes(); i++) {
			Attribute attribute = data.attribute(i);
			if (i != data.classIndex()) {
				attributes.add(attribute.copy(attribute.name()));
				continue;
			}
			List<String> labels = new ArrayList<>();
			for (int v = 0; v < attribute.numValues(); v++) {
				labels.add(attribute.value(v).equals(from) ? to : attribute.value(v));
			}
			attributes.add(new Attribute(attribute.name(), labels));
		}
		Instances header = new Instances("relabelled", attributes, 0);
		header.setClassIndex(data.classIndex());
		return header;
	}

	private static TrainingRequested job(String algorithm, TrainingRequested.Evaluation evaluation) {
		return new TrainingRequested("job-1", "iris", new TrainingRequested.Dataset("builtin:iris", null), algorithm,
				null, evaluation, null, null);
	}

	/** A champion whose every prediction fails. */
	static final class Failing extends AbstractClassifier {

		private static final long serialVersionUID = 1L;

		@Override
		public void buildClassifier(Instances data) {
		}

		@Override
		public double[] distributionForInstance(Instance instance) {
			throw new IllegalStateException("broken");
		}

	}

}
