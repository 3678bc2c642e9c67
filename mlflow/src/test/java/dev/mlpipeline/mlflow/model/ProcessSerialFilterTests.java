package dev.mlpipeline.mlflow.model;

import java.io.ByteArrayInputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.misc.InputMappedClassifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The process-wide filter, as the apps run with it: this module's test JVM names the
 * factory in {@code -Djdk.serialFilterFactory}, exactly as installing it first thing in
 * {@code main} does, so every stream in the JVM is filtered, Weka's own included.
 */
class ProcessSerialFilterTests {

	@Test
	void isTheFactoryOfThisJvm() {
		assertThat(ProcessSerialFilter.isInstalled()).isTrue();
		assertThatNoException().isThrownBy(ProcessSerialFilter::install);
	}

	@Test
	void filtersAPlainObjectInputStreamThatSetsNoFilterOfItsOwn(@TempDir Path temp) throws Exception {
		Path marker = temp.resolve("ran");
		byte[] bytes = TestModels.serialize(new SideEffectGadget(marker));
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			assertThatExceptionOfType(InvalidClassException.class).isThrownBy(in::readObject)
				.withMessageContaining("REJECTED");
		}
		assertThat(marker).doesNotExist();
	}

	@Test
	void filtersTheFileThatWekasInputMappedClassifierLoadsOnItsOwn(@TempDir Path temp) throws Exception {
		Path marker = temp.resolve("ran");
		Path gadget = temp.resolve("inner.model");
		Files.write(gadget, TestModels.serialize(new SideEffectGadget(marker)));
		InputMappedClassifier wrapper = new InputMappedClassifier();
		wrapper.setModelPath(gadget.toString());
		// toString() is enough to make it read the file, with a plain ObjectInputStream
		String described = wrapper.toString();
		assertThat(marker).doesNotExist();
		assertThat(described).doesNotContain("the gadget ran");
	}

	@Test
	void stillReadsWhatTheAllowListAdmits() throws Exception {
		byte[] bytes = TestModels.modelFile(TestModels.trainedJ48());
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			assertThat(in.readObject()).isInstanceOf(weka.classifiers.trees.J48.class);
		}
	}

	@Test
	void readsBackAFailureAsSpringKafkaKeepsItInAHeaderButNeverInAModel() throws Exception {
		byte[] failure = TestModels.serialize(new RuntimeException("Record on 't' is not a valid X"));
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(failure))) {
			assertThat(in.readObject()).isInstanceOf(RuntimeException.class);
		}
		byte[] model = TestModels.serialize(new RuntimeException("not a model"), "header");
		assertThatExceptionOfType(ModelFileException.class)
			.isThrownBy(() -> WekaModelFile.read(model, ModelFileLimits.DEFAULTS))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(ModelFileException.Kind.REJECTED_CLASS));
	}

	@Test
	void keepsTheLimitsOfAStreamsOwnFilter() throws Exception {
		byte[] bytes = TestModels.modelFile(TestModels.trainedJ48());
		ModelFileFilter shallow = new ModelFileFilter(new ModelFileLimits(bytes.length, 2, 100, 100));
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			in.setObjectInputFilter(shallow);
			assertThatExceptionOfType(InvalidClassException.class).isThrownBy(in::readObject);
		}
		assertThat(shallow.rejection()).startsWith("a deserialization limit was exceeded");
	}

}
