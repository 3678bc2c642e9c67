package dev.mlpipeline.serving.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.serving.ModelFixtures;

import static org.assertj.core.api.Assertions.assertThat;

class ScorerTests {

	private final Instances iris = ModelFixtures.iris();

	@ParameterizedTest
	@CsvSource({ "weka.classifiers.trees.J48, true", "weka.classifiers.trees.RandomForest, true",
			"weka.classifiers.functions.Logistic, false", "weka.classifiers.lazy.IBk, false",
			"weka.classifiers.functions.SMO, false" })
	void scoresFromManyThreadsExactlyAsWekaDoesFromOne(String algorithm, boolean shared) throws Exception {
		Classifier classifier = ModelFixtures.train(algorithm, this.iris, algorithm.endsWith("SMO")
				? new String[] { "-M" } : algorithm.endsWith("IBk") ? new String[] { "-K", "3" } : new String[0]);
		double[][] expected = new double[this.iris.numInstances()][];
		for (int i = 0; i < expected.length; i++) {
			expected[i] = classifier.distributionForInstance(this.iris.instance(i));
		}
		Scorer scorer = Scorer.of(AbstractClassifier.makeCopy(classifier), 2);
		assertThat(scorer.shared()).isEqualTo(shared);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Boolean>> tasks = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int offset = t;
				tasks.add(() -> {
					for (int round = 0; round < 20; round++) {
						for (int i = 0; i < expected.length; i++) {
							int row = (i + offset * 17) % expected.length;
							if (!java.util.Arrays.equals(expected[row], scorer.distribution(this.iris.instance(row)))) {
								return false;
							}
						}
					}
					return true;
				});
			}
			for (Future<Boolean> result : pool.invokeAll(tasks)) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
