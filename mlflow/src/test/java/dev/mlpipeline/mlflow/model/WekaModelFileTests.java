package dev.mlpipeline.mlflow.model;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.bayes.BayesNet;
import weka.classifiers.meta.Vote;
import weka.classifiers.misc.InputMappedClassifier;
import weka.classifiers.misc.SerializedClassifier;
import weka.classifiers.trees.J48;
import weka.core.SerializationHelper;

import dev.mlpipeline.mlflow.model.ModelFileException.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one read of a model file: real models pass, anything that could smuggle code or a
 * file into serving is refused with a reason that never quotes the file.
 */
class WekaModelFileTests {

	@Test
	void readsAClassifierAndItsHeader() throws Exception {
		WekaModelFile model = WekaModelFile.read(TestModels.modelFile(TestModels.trainedJ48()),
				ModelFileLimits.DEFAULTS);
		assertThat(model.classifier()).isInstanceOf(J48.class);
		assertThat(model.header().classAttribute().name()).isEqualTo("class");
		assertThat(model.classifier().classifyInstance(TestModels.data().instance(0))).isBetween(0.0, 1.0);
	}

	@Test
	void refusesAnInputMappedClassifierThatLoadsItsModelFromAFile(@TempDir Path temp) throws Exception {
		Path inner = temp.resolve("inner.model");
		SerializationHelper.writeAll(inner.toString(), new Object[] { TestModels.trainedJ48() });
		InputMappedClassifier wrapper = new InputMappedClassifier();
		wrapper.setModelPath(inner.toString());
		byte[] file = TestModels.modelFile(wrapper);
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(file, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.FILE_REFERENCE))
			.withMessageContaining("InputMappedClassifier")
			.withMessageNotContaining(inner.toString());
	}

	@Test
	void refusesAnInputMappedClassifierEvenWithItsInnerModelBuiltIn() throws Exception {
		InputMappedClassifier wrapper = new InputMappedClassifier();
		wrapper.setClassifier(TestModels.trainedJ48());
		wrapper.buildClassifier(TestModels.data());
		byte[] file = TestModels.modelFile(wrapper);
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(file, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.FILE_REFERENCE));
	}

	@Test
	void refusesASerializedClassifierBecauseAModelNeverNamesAFile(@TempDir Path temp) throws Exception {
		SerializedClassifier wrapper = new SerializedClassifier();
		wrapper.setModelFile(temp.resolve("elsewhere.model").toFile());
		byte[] file = TestModels.modelFile(wrapper);
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(file, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.REJECTED_CLASS))
			.withMessage("class " + File.class.getName() + " is not allowed in a model");
	}

	@Test
	void refusesAVoteThatLoadsPrebuiltModelsFromFiles(@TempDir Path temp) throws Exception {
		Path inner = temp.resolve("member.model");
		SerializationHelper.write(inner.toString(), TestModels.trainedJ48());
		Vote vote = new Vote();
		vote.setPreBuiltClassifiers(new File[] { inner.toFile() });
		byte[] file = TestModels.modelFile(vote);
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(file, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.FILE_REFERENCE))
			.withMessageContaining("m_classifiersToLoad")
			.withMessageNotContaining(inner.toString());
	}

	@Test
	void passesTheAlgorithmsTheTrainerTrains() throws Exception {
		List<weka.classifiers.Classifier> models = new ArrayList<>();
		models.add(new weka.classifiers.trees.RandomForest());
		models.add(new weka.classifiers.bayes.NaiveBayes());
		models.add(new weka.classifiers.functions.Logistic());
		models.add(new weka.classifiers.functions.SMO());
		models.add(new weka.classifiers.lazy.IBk());
		models.add(new weka.classifiers.rules.JRip());
		models.add(new weka.classifiers.rules.DecisionTable());
		models.add(new weka.classifiers.meta.AdaBoostM1());
		models.add(new weka.classifiers.meta.Bagging());
		models.add(new BayesNet());
		for (weka.classifiers.Classifier model : models) {
			model.buildClassifier(TestModels.data());
			assertThat(WekaModelFile.read(TestModels.modelFile(model), ModelFileLimits.DEFAULTS).classifier())
				.isInstanceOf(model.getClass());
		}
	}

	@Test
	void refusesAnObjectOutsideTheAllowListWithoutRunningIt(@TempDir Path temp) throws Exception {
		Path marker = temp.resolve("ran");
		byte[] file = TestModels.serialize(new SideEffectGadget(marker), "header");
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(file, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.REJECTED_CLASS))
			.withMessageContaining(SideEffectGadget.class.getName());
		assertThat(marker).doesNotExist();
	}

	@Test
	void neverQuotesAFileThatIsNotAModel(@TempDir Path temp) throws Exception {
		byte[] passwd = "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.US_ASCII);
		Files.write(temp.resolve("passwd"), passwd);
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(passwd, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.CORRUPT))
			.withMessageNotContaining("726F6F74")
			.withMessageNotContaining("root");
	}

	@Test
	void refusesAFileLargerThanTheLimitBeforeReadingIt() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelFileLimits small = new ModelFileLimits(file.length - 1, 2000, 1000, 1000);
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> WekaModelFile.read(file, small))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.TOO_LARGE));
	}

	@Test
	void refusesAModelDeeperThanTheLimit() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelFileLimits shallow = new ModelFileLimits(file.length, 3, 50_000, 50_000);
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> WekaModelFile.read(file, shallow))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.REJECTED_CLASS))
			.withMessageStartingWith("a deserialization limit was exceeded");
	}

	@Test
	void refusesAFileThatHoldsSomethingElseThanAClassifierAndItsHeader() throws Exception {
		byte[] file = TestModels.serialize("a string", Integer.valueOf(3));
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(file, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.CORRUPT));
	}

}
