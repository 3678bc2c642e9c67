package dev.mlpipeline.serving.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.management.BadAttributeValueExpException;

import org.junit.jupiter.api.Test;
import weka.classifiers.Classifier;
import weka.classifiers.misc.InputMappedClassifier;
import weka.core.Instances;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.TestRegistry;
import dev.mlpipeline.serving.model.ModelLoadException.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelLoaderTests {

	private static final String J48 = "weka.classifiers.trees.J48";

	private final Instances iris = ModelFixtures.iris();

	private final TestRegistry mlflow = TestRegistry.connect();

	private final ModelLoader loader = new ModelLoader(this.mlflow.registry(), this.mlflow.artifacts(),
			ModelFixtures.properties(Map.of("scoring.warmup-rows", "100")));

	private final String model = "loader-" + UUID.randomUUID();

	@Test
	void loadsARegisteredVersionThatScoresLikeWeka() throws Exception {
		Classifier classifier = ModelFixtures.train(J48, this.iris);
		ModelVersion version = this.mlflow.register(this.model, classifier, this.iris);

		LoadedModel loaded = this.loader.load(version, LoadReason.STARTUP);

		assertThat(loaded.version()).isEqualTo(version.version());
		assertThat(loaded.algorithm()).isEqualTo(J48);
		assertThat(loaded.metrics()).containsEntry("accuracy", 0.96);
		assertThat(loaded.sha256()).isEqualTo(version.tags().get("sha256"));
		assertThat(loaded.classLabels()).containsExactly("Iris-setosa", "Iris-versicolor", "Iris-virginica");
		for (int i = 0; i < this.iris.numInstances(); i++) {
			assertThat(loaded.scorer().distribution(this.iris.instance(i)))
				.containsExactly(classifier.distributionForInstance(this.iris.instance(i)));
		}
	}

	@Test
	void loadsAnMlflow3VersionWhoseFilesOnlyTheRegistrysDownloadUriReveals() throws Exception {
		assumeTrue(this.mlflow.hasLoggedModels(), "the server has no LoggedModels (MLflow 2)");
		Classifier classifier = ModelFixtures.train(J48, this.iris);
		ModelVersion version = this.mlflow.registerAsLoggedModel(this.model, classifier, this.iris);
		assertThat(version.source()).startsWith("models:/m-");

		LoadedModel loaded = this.loader.load(version, LoadReason.STARTUP);

		assertThat(loaded.version()).isEqualTo(version.version());
		assertThat(loaded.sha256()).isEqualTo(version.tags().get("sha256"));
		assertThat(loaded.classLabels()).containsExactly("Iris-setosa", "Iris-versicolor", "Iris-virginica");
		assertThat(loaded.scorer().distribution(this.iris.instance(0)))
			.containsExactly(classifier.distributionForInstance(this.iris.instance(0)));
	}

	@Test
	void refusesAnHonestlyHashedWrapperThatWouldLoadAnUnverifiedModelFromTheArtifactStore() throws Exception {
		// issue 10: the outer file matches its SHA-256, the inner file it names does not
		// pass any check
		ModelVersion inner = this.mlflow.register(this.model, ModelFixtures.train(J48, this.iris), this.iris);
		InputMappedClassifier wrapper = new InputMappedClassifier();
		wrapper.setModelPath(this.mlflow.artifacts().resolve(inner.source() + "/model.weka").toString());
		ModelVersion version = this.mlflow.register(this.model, wrapper, this.iris);

		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.load(version, LoadReason.EVENT));

		assertThat(refused.kind()).isEqualTo(Kind.FILE_REFERENCE);
		assertThat(refused.getMessage()).contains("InputMappedClassifier").doesNotContain("model.weka");
	}

	@Test
	void refusesAModelFileWhoseChecksumDiffersFromTheRegistry() {
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(J48, this.iris), this.iris);
		String sha256 = ModelFixtures.sha256(file);
		file[file.length - 1] ^= 1;
		ModelVersion version = this.mlflow.register(this.model, file, sha256, ModelFixtures.schemaOf(this.iris), J48);

		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.load(version, LoadReason.EVENT));

		assertThat(refused.kind()).isEqualTo(Kind.CHECKSUM);
		assertThat(refused.getMessage()).contains(sha256);
	}

	@Test
	void refusesAVersionWithoutAChecksum() {
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(J48, this.iris), this.iris);
		ModelVersion version = this.mlflow.register(this.model, file, null, ModelFixtures.schemaOf(this.iris), J48);

		assertThat(catchThrowableOfType(ModelLoadException.class, () -> this.loader.load(version, LoadReason.EVENT))
			.kind()).isEqualTo(Kind.CHECKSUM);
	}

	@Test
	void refusesAFileWithAClassOutsideTheAllowListEvenWithAMatchingChecksum() {
		byte[] file = ModelFixtures.serialize(new BadAttributeValueExpException("x"), new Instances(this.iris, 0));
		ModelVersion version = this.mlflow.register(this.model, file, ModelFixtures.sha256(file),
				ModelFixtures.schemaOf(this.iris), J48);

		assertThat(catchThrowableOfType(ModelLoadException.class, () -> this.loader.load(version, LoadReason.EVENT))
			.kind()).isEqualTo(Kind.REJECTED_CLASS);
	}

	@Test
	void refusesASchemaThatDoesNotDescribeTheModel() {
		byte[] file = ModelFixtures.modelFile(ModelFixtures.train(J48, this.iris), this.iris);
		FeatureSchema irisSchema = ModelFixtures.schemaOf(this.iris);
		FeatureSchema wrong = new FeatureSchema(
				List.of(irisSchema.features().get(0),
						new Feature("colour", FeatureType.NOMINAL, List.of("red", "blue"), false)),
				irisSchema.target());
		ModelVersion version = this.mlflow.register(this.model, file, ModelFixtures.sha256(file), wrong, J48);

		ModelLoadException refused = catchThrowableOfType(ModelLoadException.class,
				() -> this.loader.load(version, LoadReason.EVENT));

		assertThat(refused.kind()).isEqualTo(Kind.SCHEMA);
		assertThat(refused.getMessage()).contains("colour");
	}

	@Test
	void refusesAModelFileLargerThanAllowed() {
		ModelLoader small = new ModelLoader(this.mlflow.registry(), this.mlflow.artifacts(),
				ModelFixtures.properties(Map.of("deserialization.max-model-bytes", "1KB")));
		ModelVersion version = this.mlflow.register(this.model, ModelFixtures.train(J48, this.iris), this.iris);

		assertThat(catchThrowableOfType(ModelLoadException.class, () -> small.load(version, LoadReason.EVENT)).kind())
			.isEqualTo(Kind.TOO_LARGE);
	}

}
