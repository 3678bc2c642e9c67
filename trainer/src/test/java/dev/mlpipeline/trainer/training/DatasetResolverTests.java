package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.core.Instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetResolverTests {

	@TempDir
	Path root;

	Path dataDir;

	DatasetResolver resolver;

	@BeforeEach
	void dataDirectory() throws IOException {
		this.dataDir = Files.createDirectories(this.root.resolve("data"));
		this.resolver = new DatasetResolver(this.dataDir);
	}

	@Test
	void loadsTheIrisDataSetTheWekaJarShipsWithTheLastAttributeAsClass() {
		Instances iris = this.resolver.load("builtin:iris", null);
		assertThat(iris.numInstances()).isEqualTo(150);
		assertThat(iris.numAttributes()).isEqualTo(5);
		assertThat(iris.classAttribute().name()).isEqualTo("class");
		assertThat(iris.numClasses()).isEqualTo(3);
	}

	@Test
	void loadsCreditG() {
		Instances credit = this.resolver.load("builtin:credit-g", null);
		assertThat(credit.numInstances()).isEqualTo(1000);
		assertThat(credit.classAttribute().name()).isEqualTo("class");
	}

	@Test
	void refusesAnUnknownBuiltInDataSet() {
		assertRefused("builtin:mnist", null, "dataset.uri", "unknown built-in data set 'mnist'");
	}

	@Test
	void refusesAUriWithoutAKnownScheme() {
		assertRefused("http://example.com/iris.arff", null, "dataset.uri", "neither builtin");
		assertRefused(null, null, "dataset.uri", "is required");
	}

	@Test
	void loadsACsvFileInsideTheDataDirectory() throws IOException {
		Files.createDirectories(this.dataDir.resolve("sub"));
		copyResource("/datasets/weather.csv", this.dataDir.resolve("sub/weather.csv"));
		Instances weather = this.resolver.load("file:sub/weather.csv", "play");
		assertThat(weather.numInstances()).isEqualTo(14);
		assertThat(weather.classAttribute().name()).isEqualTo("play");
		assertThat(weather.attribute("temperature").isNumeric()).isTrue();
		assertThat(weather.attribute("outlook").isNominal()).isTrue();
	}

	@Test
	void loadsAnArffFileInsideTheDataDirectory() throws IOException {
		try (var in = DatasetResolver.class.getClassLoader()
			.getResourceAsStream("weka/gui/beans/templates/iris.arff")) {
			Files.copy(in, this.dataDir.resolve("iris.arff"));
		}
		assertThat(this.resolver.load("file:iris.arff", null).numInstances()).isEqualTo(150);
	}

	@Test
	void refusesAPathThatClimbsOutOfTheDataDirectory() throws IOException {
		Files.writeString(this.root.resolve("secret.csv"), "a,b\n1,x\n");
		assertRefused("file:../secret.csv", null, "dataset.uri", "leaves the data directory");
		assertRefused("file:sub/../../secret.csv", null, "dataset.uri", "leaves the data directory");
	}

	@Test
	void refusesAnAbsolutePath() throws IOException {
		Path secret = Files.writeString(this.root.resolve("secret.csv"), "a,b\n1,x\n");
		assertRefused("file:" + secret.toAbsolutePath(), null, "dataset.uri", "is absolute");
	}

	@Test
	void refusesALinkThatLeadsOutOfTheDataDirectory() throws IOException {
		Path secret = Files.writeString(this.root.resolve("secret.csv"), "a,b\n1,x\n");
		Files.createSymbolicLink(this.dataDir.resolve("innocent.csv"), secret);
		Files.createSymbolicLink(this.dataDir.resolve("outside"), this.root);
		assertRefused("file:innocent.csv", null, "dataset.uri", "links to a file outside");
		assertRefused("file:outside/secret.csv", null, "dataset.uri", "links to a file outside");
	}

	@Test
	void refusesAMissingFileAndAnUnsupportedFormat() throws IOException {
		Files.writeString(this.dataDir.resolve("data.json"), "{}");
		assertRefused("file:nope.csv", null, "dataset.uri", "no file 'nope.csv'");
		assertRefused("file:data.json", null, "dataset.uri", "not a supported format");
	}

	@Test
	void refusesAFileWekaCannotParse() throws IOException {
		Files.writeString(this.dataDir.resolve("broken.arff"), "@relation x\n@attribute a numeric\n@data\nnot,a,row\n");
		assertRefused("file:broken.arff", null, "dataset.uri", "cannot parse 'broken.arff'");
	}

	@Test
	void refusesAnUnknownOrNumericClassAttribute() {
		assertRefused("builtin:iris", "species", "dataset.classAttribute", "no attribute 'species'");
		assertRefused("builtin:iris", "petalwidth", "dataset.classAttribute", "is not nominal");
	}

	private void assertRefused(String uri, String classAttribute, String field, String message) {
		assertThatThrownBy(() -> this.resolver.load(uri, classAttribute)).isInstanceOf(InvalidJobException.class)
			.hasMessageContaining(message)
			.extracting((ex) -> ((InvalidJobException) ex).field())
			.isEqualTo(field);
	}

	private static void copyResource(String resource, Path target) throws IOException {
		try (var in = DatasetResolverTests.class.getResourceAsStream(resource)) {
			Files.copy(in, target);
		}
	}

}
