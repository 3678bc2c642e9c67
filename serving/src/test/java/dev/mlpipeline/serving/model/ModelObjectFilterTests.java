package dev.mlpipeline.serving.model;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.BadAttributeValueExpException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.model.ModelLoadException.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ModelObjectFilterTests {

	private final Instances iris = ModelFixtures.iris();

	private final ModelLoader loader = new ModelLoader(null, null, ModelFixtures.properties(Map.of()));

	@ParameterizedTest
	@ValueSource(strings = { "weka.classifiers.trees.J48", "weka.classifiers.trees.RandomForest",
			"weka.classifiers.bayes.NaiveBayes", "weka.classifiers.functions.Logistic",
			"weka.classifiers.functions.SMO", "weka.classifiers.lazy.IBk", "weka.classifiers.rules.ZeroR",
			"weka.classifiers.trees.REPTree", "weka.classifiers.functions.MultilayerPerceptron",
			"weka.classifiers.meta.FilteredClassifier" })
	void letsTheAlgorithmsOfThePipelineThrough(String algorithm) throws Exception {
		Classifier classifier = ModelFixtures.train(algorithm, this.iris);
		Object[] objects = this.loader.deserialize(ModelFixtures.modelFile(classifier, this.iris));
		assertThat(objects[0]).isInstanceOf(classifier.getClass());
		assertThat(((Instances) objects[1]).numAttributes()).isEqualTo(this.iris.numAttributes());
	}

	@Test
	void refusesAClassOutsideTheAllowList() {
		byte[] file = ModelFixtures.serialize(new BadAttributeValueExpException("boom"), new Instances(this.iris, 0));
		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.deserialize(file));
		assertThat(refused.kind()).isEqualTo(Kind.REJECTED_CLASS);
		assertThat(refused.getMessage()).contains("javax.management.BadAttributeValueExpException");
	}

	@Test
	void refusesADisallowedObjectHiddenInAnAllowedCollection() throws Exception {
		List<Object> list = new ArrayList<>();
		list.add(new URL("http://example.invalid/"));
		byte[] file = ModelFixtures.serialize(list, new Instances(this.iris, 0));
		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.deserialize(file));
		assertThat(refused.kind()).isEqualTo(Kind.REJECTED_CLASS);
		assertThat(refused.getMessage()).contains("java.net.URL");
	}

	@Test
	void refusesAnObjectGraphDeeperThanAllowed() {
		ModelLoader strict = new ModelLoader(null, null,
				ModelFixtures.properties(Map.of("deserialization.max-depth", "5")));
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train("weka.classifiers.trees.J48", this.iris), this.iris);
		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class, () -> strict.deserialize(file));
		assertThat(refused.kind()).isEqualTo(Kind.REJECTED_CLASS);
		assertThat(refused.getMessage()).contains("limit");
	}

	@Test
	void refusesAFileThatIsNotAModel() {
		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.deserialize("not a model".getBytes()));
		assertThat(refused.kind()).isEqualTo(Kind.CORRUPT);
	}

	@Test
	void refusesAllowedObjectsThatAreNotAClassifierAndHeader() {
		byte[] file = ModelFixtures.serialize(new ArrayList<>(), new Instances(this.iris, 0));
		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.deserialize(file));
		assertThat(refused.kind()).isEqualTo(Kind.CORRUPT);
	}

}
