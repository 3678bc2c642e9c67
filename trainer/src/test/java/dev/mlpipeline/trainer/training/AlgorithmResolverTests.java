package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import weka.classifiers.Classifier;
import weka.classifiers.bayes.BayesNet;
import weka.classifiers.meta.Bagging;
import weka.classifiers.meta.FilteredClassifier;
import weka.classifiers.misc.InputMappedClassifier;
import weka.classifiers.misc.SerializedClassifier;
import weka.classifiers.trees.J48;
import weka.classifiers.trees.RandomForest;
import weka.core.Instances;
import weka.core.Option;
import weka.core.OptionHandler;
import weka.core.SerializationHelper;
import weka.core.Utils;
import weka.core.converters.ArffLoader;
import weka.filters.unsupervised.attribute.AddCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlgorithmResolverTests {

	@TempDir
	static Path root;

	static Path dataDir;

	static AlgorithmResolver resolver;

	@BeforeAll
	static void weka() throws Exception {
		WekaEnvironment.configure(root.resolve("wekafiles"));
		dataDir = Files.createDirectories(root.resolve("data"));
		resolver = new AlgorithmResolver(dataDir);
		// a real serialized model and a file with secret content, both inside the data
		// directory: refusals below are by class, not because the file is missing
		J48 j48 = new J48();
		j48.buildClassifier(iris());
		SerializationHelper.write(dataDir.resolve("model.bin").toString(), j48);
		Files.writeString(dataDir.resolve("secret.txt"), "root:x:0:0:the secret content\n");
		Files.writeString(root.resolve("outside.bif"), "outside");
		BayesNet net = new BayesNet();
		net.buildClassifier(iris());
		Files.writeString(dataDir.resolve("iris.bif"), net.toXMLBIF03());
	}

	@ParameterizedTest
	@CsvSource({ "J48, weka.classifiers.trees.J48", "RandomForest, weka.classifiers.trees.RandomForest",
			"NaiveBayes, weka.classifiers.bayes.NaiveBayes", "Logistic, weka.classifiers.functions.Logistic",
			"SMO, weka.classifiers.functions.SMO", "IBk, weka.classifiers.lazy.IBk",
			"ZeroR, weka.classifiers.rules.ZeroR", "j48, weka.classifiers.trees.J48",
			"FilteredClassifier, weka.classifiers.meta.FilteredClassifier",
			"weka.classifiers.functions.MultilayerPerceptron, weka.classifiers.functions.MultilayerPerceptron" })
	void resolvesShortAndFullNames(String algorithm, String className) {
		assertThat(resolver.resolve(algorithm).getName()).isEqualTo(className);
	}

	@Test
	void refusesAnUnknownAlgorithm() {
		assertRefused(() -> resolver.resolve("DeepForest"), "algorithm", "unknown algorithm 'DeepForest'");
		assertRefused(() -> resolver.resolve("weka.classifiers.trees.Nope"), "algorithm",
				"not an algorithm the trainer allows");
		assertRefused(() -> resolver.resolve(" "), "algorithm", "is required");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "weka.classifiers.misc.InputMappedClassifier", "weka.classifiers.misc.SerializedClassifier",
					"weka.classifiers.meta.Vote", "weka.classifiers.trees.HoeffdingTree",
					"weka.classifiers.functions.LinearRegression", "weka.core.Instances", "java.lang.ProcessBuilder",
					"weka.classifiers.AbstractClassifier", "HoeffdingTree", "InputMappedClassifier" })
	void refusesEveryClassifierThatIsNotOnTheAllowList(String algorithm) {
		String message = algorithm.contains(".") ? "not an algorithm the trainer allows" : "unknown algorithm";
		assertRefused(() -> resolver.instantiate(algorithm, null), "algorithm", message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~', value = {
			"Bagging | -W weka.classifiers.misc.SerializedClassifier -- -model model.bin | SerializedClassifier' is never allowed",
			"Bagging | -W weka.classifiers.misc.InputMappedClassifier -- -L model.bin | InputMappedClassifier' is never allowed",
			"AdaBoostM1 | -W weka.classifiers.meta.Vote -- -P model.bin | Vote' is never allowed",
			"FilteredClassifier | -F \"weka.filters.unsupervised.attribute.AddCluster -serialized model.bin\" -W weka.classifiers.trees.J48 | AddCluster' is never allowed",
			"FilteredClassifier | -F \"weka.filters.MultiFilter -F \\\"weka.filters.unsupervised.attribute.AddCluster -serialized model.bin\\\"\" | AddCluster' is never allowed",
			"SMO | -K \"weka.classifiers.functions.supportVector.PrecomputedKernelMatrixKernel -M model.bin\" | PrecomputedKernelMatrixKernel' is never allowed",
			"BayesNet | -Q weka.classifiers.bayes.net.search.fixed.FromFile -- -B iris.bif | FromFile' is never allowed",
			"IBk | -A \"weka.core.neighboursearch.LinearNNSearch -A \\\"java.lang.ProcessBuilder\\\"\" | 'java.lang.ProcessBuilder' is not on the trainer's allow-list",
			"Bagging | -W weka.classifiers.trees.HoeffdingTree | 'weka.classifiers.trees.HoeffdingTree' is not on the trainer's allow-list",
			"LogitBoost | -W weka.classifiers.meta.Bagging -- -W weka.classifiers.misc.SerializedClassifier -- -model model.bin | SerializedClassifier' is never allowed" })
	void refusesAClassThatIsNotAllowedAnywhereInTheOptionsBeforeWekaSeesThem(String algorithm, String options,
			String message) {
		assertRefused(() -> resolver.instantiate(algorithm, options), "options", message);
	}

	@Test
	void errorMessagesNeverEchoTheContentOfAFile() {
		for (String options : List.of("-W weka.classifiers.misc.SerializedClassifier -- -model /etc/passwd",
				"-W weka.classifiers.misc.SerializedClassifier -- -model secret.txt")) {
			assertThatThrownBy(() -> resolver.instantiate("Bagging", options)).isInstanceOf(InvalidJobException.class)
				.message()
				.doesNotContain("726F6F74", "invalid stream header", "root:x", "secret content");
		}
		assertThatThrownBy(
				() -> resolver.instantiate("weka.classifiers.misc.SerializedClassifier", "-model /etc/passwd"))
			.isInstanceOf(InvalidJobException.class)
			.message()
			.doesNotContain("726F6F74", "invalid stream header");
		try {
			resolver.instantiate("BayesNet", "-B secret.txt");
		}
		catch (InvalidJobException ex) {
			assertThat(ex.getMessage()).doesNotContain("root:x", "secret content");
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "-B /etc/passwd | is absolute",
			"-B ../outside.bif | leaves the data directory",
			"-B missing.bif | no file 'missing.bif' in the data directory",
			"-B link-out.bif | links to a file outside the data directory",
			"-Q weka.classifiers.bayes.net.search.local.HillClimber -- -X /etc/hosts | is absolute",
			"-Q weka.classifiers.bayes.net.search.local.TabuSearch -- -X ../outside.bif | leaves the data directory",
			"-B external.bif | declares external XML entities" })
	void aFileOptionMustNameAFileInsideTheDataDirectory(String options, String message) throws IOException {
		Path link = dataDir.resolve("link-out.bif");
		if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			Files.createSymbolicLink(link, root.resolve("outside.bif"));
		}
		Files.writeString(dataDir.resolve("external.bif"),
				"<?xml version=\"1.0\"?><!DOCTYPE BIF SYSTEM \"file:///etc/passwd\"><BIF VERSION=\"0.3\"></BIF>");
		assertRefused(() -> resolver.instantiate("BayesNet", options), "options", message);
	}

	@Test
	void aFileOptionInsideTheDataDirectoryIsHandedToWekaAsItsRealPath() throws Exception {
		BayesNet net = (BayesNet) resolver.instantiate("BayesNet", "-B iris.bif");
		assertThat(Utils.joinOptions(net.getOptions())).contains(dataDir.resolve("iris.bif").toRealPath().toString());
	}

	@Test
	void checksTheConfiguredObjectGraphOnceMore() {
		OptionInspector inspector = new OptionInspector(new DataDirectory(dataDir));
		Bagging bagging = new Bagging();
		bagging.setClassifier(new SerializedClassifier());
		assertRefused(() -> inspector.verify(bagging), "options", "SerializedClassifier' is never allowed");
		FilteredClassifier filtered = new FilteredClassifier();
		filtered.setFilter(new AddCluster());
		assertRefused(() -> inspector.verify(filtered), "options", "AddCluster' is never allowed");
		assertRefused(() -> inspector.verify(new InputMappedClassifier()), "options",
				"InputMappedClassifier' is never allowed");
		inspector.verify(new RandomForest());
	}

	@Test
	void everyAllowedClassifierBuildsWithItsOwnDefaultOptions() throws Exception {
		for (String className : AllowedAlgorithms.CLASSIFIERS) {
			Classifier fresh = (Classifier) Class.forName(className).getDeclaredConstructor().newInstance();
			String defaults = Utils.joinOptions(((OptionHandler) fresh).getOptions());
			assertThat(resolver.instantiate(className, defaults).getClass().getName()).as(className)
				.isEqualTo(className);
		}
		assertThat(resolver.instantiate("FilteredClassifier",
				"-F \"weka.filters.unsupervised.attribute.Normalize\" -W weka.classifiers.functions.SMO -- -K \"weka.classifiers.functions.supportVector.RBFKernel -G 0.1\"")
			.getClass()).isEqualTo(FilteredClassifier.class);
	}

	@Test
	void everyFileOptionOfAnAllowedClassIsCataloguedAsFileValued() throws Exception {
		List<String> uncatalogued = new ArrayList<>();
		for (String className : AllowedAlgorithms.all()) {
			Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
			if (!(instance instanceof OptionHandler handler)) {
				continue;
			}
			Enumeration<Option> options = handler.listOptions();
			while (options.hasMoreElements()) {
				Option option = options.nextElement();
				String text = (option.synopsis() + " " + option.description()).toLowerCase(Locale.ROOT);
				if (text.matches("(?s).*(file|path|director|serializ|\\burl\\b).*")
						&& !AllowedAlgorithms.fileOptions(className).contains(option.name())) {
					uncatalogued.add(className + " -" + option.name() + ": " + option.synopsis());
				}
			}
		}
		assertThat(uncatalogued).as("file-valued options not in AllowedAlgorithms.FILE_OPTIONS").isEmpty();
		assertThat(AllowedAlgorithms.NEVER).noneMatch(AllowedAlgorithms::isAllowed);
	}

	@Test
	void configuresTheClassifierWithTheOptions() {
		Classifier j48 = resolver.instantiate("J48", "-C 0.1 -M 5");
		assertThat(j48).isInstanceOf(J48.class);
		assertThat(((J48) j48).getConfidenceFactor()).isEqualTo(0.1f);
		assertThat(((J48) j48).getMinNumObj()).isEqualTo(5);
		Classifier forest = resolver.instantiate("RandomForest", "-I 7 -S 3");
		assertThat(((RandomForest) forest).getNumIterations()).isEqualTo(7);
		assertThat(((J48) resolver.instantiate("J48", null)).getConfidenceFactor()).isEqualTo(0.25f);
	}

	@Test
	void refusesOptionsWekaRejects() {
		assertRefused(() -> resolver.instantiate("J48", "-C abc"), "options", "J48 rejects '-C abc'");
		assertRefused(() -> resolver.instantiate("J48", "-X"), "options", "Illegal options");
		assertRefused(() -> resolver.instantiate("J48", "-C \"0.2"), "options", "cannot parse");
	}

	@Test
	void namesTheAlgorithmBeforeTheOptions() {
		assertRefused(() -> resolver.instantiate("Nope", "-C abc"), "algorithm", "unknown algorithm");
	}

	private static void assertRefused(Runnable call, String field, String message) {
		assertThatThrownBy(call::run).isInstanceOf(InvalidJobException.class)
			.hasMessageContaining(message)
			.extracting((ex) -> ((InvalidJobException) ex).field())
			.isEqualTo(field);
	}

	private static Instances iris() throws IOException {
		try (InputStream in = J48.class.getClassLoader().getResourceAsStream("weka/gui/beans/templates/iris.arff")) {
			ArffLoader loader = new ArffLoader();
			loader.setSource(in);
			Instances data = loader.getDataSet();
			data.setClassIndex(data.numAttributes() - 1);
			return data;
		}
	}

}
