package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

	@Test
	void stripsAByteOrderMarkBeforeTheCsvHeader() throws IOException {
		Files.write(this.dataDir.resolve("bom.csv"), withBom("a,b,class\n1,x,yes\n2,y,no\n"));
		Instances data = this.resolver.load("file:bom.csv", "class");
		assertThat(data.attribute(0).name()).isEqualTo("a");
		assertThat(data.attribute("a")).isNotNull();
	}

	@Test
	void stripsAByteOrderMarkBeforeAnArffHeader() throws IOException {
		Files.write(this.dataDir.resolve("bom.arff"),
				withBom("@relation r\n@attribute a numeric\n@attribute class {yes,no}\n@data\n1,yes\n2,no\n"));
		Instances data = this.resolver.load("file:bom.arff", null);
		assertThat(data.relationName()).isEqualTo("r");
		assertThat(data.attribute(0).name()).isEqualTo("a");
	}

	@Test
	void saysAHeaderOnlyCsvHasNoRows() throws IOException {
		Files.writeString(this.dataDir.resolve("empty.csv"), "a,b,class\n");
		assertRefused("file:empty.csv", "class", "dataset.uri", "has no rows");
	}

	@Test
	void saysASemicolonSeparatedCsvNeedsCommas() throws IOException {
		Files.writeString(this.dataDir.resolve("semi.csv"), "a;b;class\n1;2;yes\n3;4;no\n");
		assertRefused("file:semi.csv", null, "dataset.uri", "separated by commas");
		assertRefused("file:semi.csv", null, "dataset.uri", "found ';'");
		Files.writeString(this.dataDir.resolve("decimal.csv"), "a;b;class\n1,5;2;yes\n3,5;4;no\n");
		assertRefused("file:decimal.csv", null, "dataset.uri", "found ';'");
	}

	@Test
	void aSampleReadsTheHeaderAndFirstRowsOnly() throws IOException {
		StringBuilder csv = new StringBuilder("a,b,class\n");
		for (int i = 0; i < 5000; i++) {
			csv.append(i).append(',').append(i % 7).append(',').append((i % 2 == 0) ? "yes" : "no").append('\n');
		}
		csv.append("1,2,3,4,5,6\n");
		Files.writeString(this.dataDir.resolve("big.csv"), csv);
		DatasetResolver.Sample sample = this.resolver.sample("file:big.csv", "class", 100);
		assertThat(sample.data().numInstances()).isEqualTo(100);
		assertThat(sample.complete()).isFalse();
		assertThat(sample.data().classAttribute().name()).isEqualTo("class");
		assertRefused("file:big.csv", "class", "dataset.uri", "cannot parse 'big.csv'");
		Files.writeString(this.dataDir.resolve("small.csv"), "a,class\n1,yes\n2,no\n");
		DatasetResolver.Sample small = this.resolver.sample("file:small.csv", null, 100);
		assertThat(small.complete()).isTrue();
		assertThat(small.data().numInstances()).isEqualTo(2);
	}

	@Test
	void aSampleOfAHeaderOnlyFileSaysItHasNoRows() throws IOException {
		Files.writeString(this.dataDir.resolve("empty.csv"), "a,b,class\n");
		assertThatThrownBy(() -> this.resolver.sample("file:empty.csv", "class", 100))
			.isInstanceOf(InvalidJobException.class)
			.hasMessageContaining("has no rows");
	}

	private static byte[] withBom(String text) {
		byte[] content = text.getBytes(StandardCharsets.UTF_8);
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		byte[] all = new byte[bom.length + content.length];
		System.arraycopy(bom, 0, all, 0, bom.length);
		System.arraycopy(content, 0, all, bom.length, content.length);
		return all;
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
