package dev.mlpipeline.trainer.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import weka.classifiers.Classifier;
import weka.classifiers.trees.J48;
import weka.classifiers.trees.RandomForest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlgorithmResolverTests {

	private final AlgorithmResolver resolver = new AlgorithmResolver();

	@BeforeAll
	static void weka() {
		WekaEnvironment.configure(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "wekafiles-tests"));
	}

	@ParameterizedTest
	@CsvSource({ "J48, weka.classifiers.trees.J48", "RandomForest, weka.classifiers.trees.RandomForest",
			"NaiveBayes, weka.classifiers.bayes.NaiveBayes", "Logistic, weka.classifiers.functions.Logistic",
			"SMO, weka.classifiers.functions.SMO", "IBk, weka.classifiers.lazy.IBk",
			"ZeroR, weka.classifiers.rules.ZeroR", "j48, weka.classifiers.trees.J48",
			"HoeffdingTree, weka.classifiers.trees.HoeffdingTree",
			"weka.classifiers.functions.MultilayerPerceptron, weka.classifiers.functions.MultilayerPerceptron" })
	void resolvesShortAndFullNames(String algorithm, String className) {
		assertThat(this.resolver.resolve(algorithm).getName()).isEqualTo(className);
	}

	@Test
	void refusesAnUnknownAlgorithm() {
		assertRefused(() -> this.resolver.resolve("DeepForest"), "algorithm", "unknown algorithm 'DeepForest'");
		assertRefused(() -> this.resolver.resolve("weka.classifiers.trees.Nope"), "algorithm",
				"not a Weka classifier class");
		assertRefused(() -> this.resolver.resolve(" "), "algorithm", "is required");
	}

	@Test
	void refusesAClassThatIsNotAClassifier() {
		assertRefused(() -> this.resolver.resolve("weka.core.Instances"), "algorithm", "not a Weka classifier");
		assertRefused(() -> this.resolver.resolve("weka.classifiers.AbstractClassifier"), "algorithm",
				"not a Weka classifier");
	}

	@Test
	void configuresTheClassifierWithTheOptions() {
		Classifier j48 = this.resolver.instantiate("J48", "-C 0.1 -M 5");
		assertThat(j48).isInstanceOf(J48.class);
		assertThat(((J48) j48).getConfidenceFactor()).isEqualTo(0.1f);
		assertThat(((J48) j48).getMinNumObj()).isEqualTo(5);
		Classifier forest = this.resolver.instantiate("RandomForest", "-I 7 -S 3");
		assertThat(((RandomForest) forest).getNumIterations()).isEqualTo(7);
		assertThat(((J48) this.resolver.instantiate("J48", null)).getConfidenceFactor()).isEqualTo(0.25f);
	}

	@Test
	void refusesOptionsWekaRejects() {
		assertRefused(() -> this.resolver.instantiate("J48", "-C abc"), "options", "J48 rejects '-C abc'");
		assertRefused(() -> this.resolver.instantiate("J48", "-X"), "options", "Illegal options");
		assertRefused(() -> this.resolver.instantiate("J48", "-C \"0.2"), "options", "cannot parse");
	}

	@Test
	void namesTheAlgorithmBeforeTheOptions() {
		assertRefused(() -> this.resolver.instantiate("Nope", "-C abc"), "algorithm", "unknown algorithm");
	}

	private static void assertRefused(Runnable call, String field, String message) {
		assertThatThrownBy(call::run).isInstanceOf(InvalidJobException.class)
			.hasMessageContaining(message)
			.extracting((ex) -> ((InvalidJobException) ex).field())
			.isEqualTo(field);
	}

}
