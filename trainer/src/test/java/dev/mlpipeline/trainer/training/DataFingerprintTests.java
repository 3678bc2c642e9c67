package dev.mlpipeline.trainer.training;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.core.Instances;

import static org.assertj.core.api.Assertions.assertThat;

class DataFingerprintTests {

	@TempDir
	static Path dataDir;

	static Instances iris;

	@BeforeAll
	static void data() {
		WekaEnvironment.configure(dataDir.resolve("wekafiles"));
		iris = new DatasetResolver(dataDir).load("builtin:iris", null);
	}

	@Test
	void theSameRowsUnderAnotherRelationNameHaveTheSameFingerprint() {
		Instances renamed = new Instances(iris);
		renamed.setRelationName("iris-copied-to-a-file");
		assertThat(DataFingerprint.of(renamed)).isEqualTo(DataFingerprint.of(iris)).hasSize(64);
	}

	@Test
	void oneChangedValueOrOneRowLessChangesTheFingerprint() {
		Instances changed = new Instances(iris);
		changed.instance(17).setValue(0, changed.instance(17).value(0) + 0.1);
		assertThat(DataFingerprint.of(changed)).isNotEqualTo(DataFingerprint.of(iris));
		Instances fewer = new Instances(iris, 0, iris.numInstances() - 1);
		assertThat(DataFingerprint.of(fewer)).isNotEqualTo(DataFingerprint.of(iris));
	}

}
