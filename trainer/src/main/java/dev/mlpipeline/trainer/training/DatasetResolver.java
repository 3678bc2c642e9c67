package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import weka.core.Attribute;
import weka.core.Instances;
import weka.core.converters.AbstractFileLoader;
import weka.core.converters.ArffLoader;
import weka.core.converters.CSVLoader;

/**
 * Turns a job's {@code dataset.uri} into Weka {@link Instances} with the class attribute
 * set: the data sets the Weka jar ships ({@code builtin:iris}) or ARFF and CSV files
 * inside the trainer's data directory ({@code file:}), never anything outside it.
 */
public class DatasetResolver {

	static final String BUILTIN = "builtin:";

	static final String FILE = "file:";

	private static final String BUILTIN_LOCATION = "weka/gui/beans/templates/";

	private static final Set<String> BUILTINS = Set.of("iris", "credit-g");

	private static final Map<String, String> FORMATS = Map.of(".arff", "ARFF", ".csv", "CSV");

	private final DataDirectory dataDir;

	public DatasetResolver(Path dataDir) {
		this.dataDir = new DataDirectory(dataDir);
	}

	/**
	 * Loads a data set and sets its class attribute.
	 * @param uri {@code builtin:<name>} or {@code file:<relative path>}
	 * @param classAttribute name of the class attribute, the last attribute when
	 * {@code null} or blank
	 * @return the data, class attribute set
	 * @throws InvalidJobException naming {@code dataset.uri} or
	 * {@code dataset.classAttribute} when the data set cannot be used
	 */
	public Instances load(String uri, String classAttribute) {
		Instances data = read(uri);
		setClass(data, classAttribute);
		return data;
	}

	private Instances read(String uri) {
		if (uri == null || uri.isBlank()) {
			throw new InvalidJobException("dataset.uri", "is required (builtin:<name> or file:<relative path>)");
		}
		if (uri.startsWith(BUILTIN)) {
			return readBuiltin(uri.substring(BUILTIN.length()));
		}
		if (uri.startsWith(FILE)) {
			return readFile(resolveFile(uri.substring(FILE.length())));
		}
		throw new InvalidJobException("dataset.uri",
				"'" + uri + "' is neither builtin:<name> (" + String.join(", ", BUILTINS.stream().sorted().toList())
						+ ") nor file:<path relative to the data directory>");
	}

	private Instances readBuiltin(String name) {
		if (!BUILTINS.contains(name)) {
			throw new InvalidJobException("dataset.uri", "unknown built-in data set '" + name + "' (known: "
					+ String.join(", ", BUILTINS.stream().sorted().toList()) + ")");
		}
		try (InputStream in = DatasetResolver.class.getClassLoader()
			.getResourceAsStream(BUILTIN_LOCATION + name + ".arff")) {
			if (in == null) {
				throw new IllegalStateException("The Weka jar does not ship " + name + ".arff");
			}
			ArffLoader loader = new ArffLoader();
			loader.setSource(in);
			return loader.getDataSet();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Resolves a {@code file:} path inside the data directory, refusing absolute paths,
	 * {@code ..} and links that lead out of it.
	 * @param relative the path after {@code file:}
	 * @return the real path of an existing regular file inside the data directory
	 */
	Path resolveFile(String relative) {
		return this.dataDir.resolve("dataset.uri", relative);
	}

	private Instances readFile(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		AbstractFileLoader loader;
		if (name.endsWith(".arff")) {
			loader = new ArffLoader();
		}
		else if (name.endsWith(".csv")) {
			loader = new CSVLoader();
		}
		else {
			throw new InvalidJobException("dataset.uri",
					"'" + file.getFileName() + "' is not a supported format (" + String.join(", ", FORMATS.values())
							+ " by extension " + String.join(", ", FORMATS.keySet()) + ")");
		}
		try {
			loader.setFile(file.toFile());
			Instances data = loader.getDataSet();
			if (data.numAttributes() < 2) {
				throw new InvalidJobException("dataset.uri",
						"'" + file.getFileName() + "' needs at least one feature and a class attribute");
			}
			return data;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof InvalidJobException invalid) {
				throw invalid;
			}
			throw new InvalidJobException("dataset.uri",
					"cannot parse '" + file.getFileName() + "': " + Failures.message(ex), ex);
		}
	}

	private static void setClass(Instances data, String classAttribute) {
		Attribute attribute = (classAttribute == null || classAttribute.isBlank())
				? data.attribute(data.numAttributes() - 1) : data.attribute(classAttribute);
		if (attribute == null) {
			throw new InvalidJobException("dataset.classAttribute",
					"no attribute '" + classAttribute + "' in the data set (attributes: " + names(data) + ")");
		}
		if (!attribute.isNominal()) {
			throw new InvalidJobException("dataset.classAttribute",
					"'" + attribute.name() + "' is not nominal; the trainer builds classifiers");
		}
		if (data.numInstances() == 0) {
			throw new InvalidJobException("dataset.uri", "the data set has no rows");
		}
		data.setClass(attribute);
	}

	private static String names(Instances data) {
		StringBuilder names = new StringBuilder();
		for (int i = 0; i < data.numAttributes(); i++) {
			names.append((i > 0) ? ", " : "").append(data.attribute(i).name());
		}
		return names.toString();
	}

}
