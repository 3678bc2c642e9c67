package dev.mlpipeline.trainer.training;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

	/** The UTF-8 byte-order mark some editors write before the first line. */
	private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private static final int MAX_HEADER_LINE = 64 * 1024;

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

	/**
	 * Reads the header and the first rows of a data set, and sets its class attribute:
	 * what {@code POST /jobs} checks a job against without loading a big file inside the
	 * request. A column's type is judged on those rows only.
	 * @param uri {@code builtin:<name>} or {@code file:<relative path>}
	 * @param classAttribute name of the class attribute, the last attribute when
	 * {@code null} or blank
	 * @param rows how many rows to read at most
	 * @return the rows read, class attribute set, and whether they are the whole data set
	 * @throws InvalidJobException naming {@code dataset.uri} or
	 * {@code dataset.classAttribute} when the sample shows the data set cannot be used
	 */
	public Sample sample(String uri, String classAttribute, int rows) {
		if (uri != null && uri.startsWith(FILE)) {
			Path file = resolveFile(uri.substring(FILE.length()));
			boolean[] complete = new boolean[1];
			byte[] head = head(file, rows, complete);
			Instances data;
			try {
				data = parse(file, withoutBom(new BufferedInputStream(new ByteArrayInputStream(head))),
						firstLine(file));
			}
			catch (IOException ex) {
				throw new InvalidJobException("dataset.uri",
						"cannot read '" + file.getFileName() + "': " + Failures.message(ex), ex);
			}
			setClass(data, classAttribute);
			return new Sample(data, complete[0]);
		}
		return new Sample(load(uri, classAttribute), true);
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
		try (InputStream in = withoutBom(new BufferedInputStream(Files.newInputStream(file)))) {
			return parse(file, in, firstLine(file));
		}
		catch (IOException ex) {
			throw new InvalidJobException("dataset.uri",
					"cannot read '" + file.getFileName() + "': " + Failures.message(ex), ex);
		}
	}

	/**
	 * Parses a file's content, a leading UTF-8 byte-order mark already left out (Weka
	 * would make it part of the first name).
	 */
	private static Instances parse(Path file, InputStream content, String headerLine) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		AbstractFileLoader loader;
		boolean csv = name.endsWith(".csv");
		if (name.endsWith(".arff")) {
			loader = new ArffLoader();
		}
		else if (csv) {
			loader = new CSVLoader();
		}
		else {
			throw new InvalidJobException("dataset.uri",
					"'" + file.getFileName() + "' is not a supported format (" + String.join(", ", FORMATS.values())
							+ " by extension " + String.join(", ", FORMATS.keySet()) + ")");
		}
		String separatorHint = csv ? separatorHint(file, headerLine) : null;
		try {
			loader.setSource(content);
			Instances data = loader.getDataSet();
			if (data.numAttributes() < 2) {
				throw new InvalidJobException("dataset.uri", (separatorHint != null) ? separatorHint
						: "'" + file.getFileName() + "' needs at least one feature and a class attribute");
			}
			return data;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof InvalidJobException invalid) {
				throw invalid;
			}
			throw new InvalidJobException("dataset.uri", "cannot parse '" + file.getFileName() + "': "
					+ Failures.message(ex) + ((separatorHint != null) ? " (" + separatorHint + ")" : ""), ex);
		}
	}

	/** The stream, a UTF-8 byte-order mark at its start skipped. */
	private static InputStream withoutBom(BufferedInputStream in) throws IOException {
		in.mark(BOM.length);
		byte[] start = in.readNBytes(BOM.length);
		if (!Arrays.equals(start, BOM)) {
			in.reset();
		}
		return in;
	}

	/** The file's first line (at most 64 KiB of it), without a byte-order mark. */
	private static String firstLine(Path file) throws IOException {
		try (InputStream in = withoutBom(new BufferedInputStream(Files.newInputStream(file)))) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) != -1 && b != '\n' && b != '\r' && line.size() < MAX_HEADER_LINE) {
				line.write(b);
			}
			return line.toString(StandardCharsets.UTF_8);
		}
	}

	/**
	 * What to say about a CSV whose header line has no comma but another common
	 * separator: Weka reads it as one column, and "needs a feature" would hide why.
	 */
	private static String separatorHint(Path file, String header) {
		if (header.indexOf(',') >= 0) {
			return null;
		}
		for (char separator : new char[] { ';', '\t', '|' }) {
			if (header.indexOf(separator) >= 0) {
				String shown = (separator == '\t') ? "\\t (tab)" : String.valueOf(separator);
				return "'" + file.getFileName() + "' reads as a single column: CSV values must be separated by commas"
						+ ", and its header line has no comma but found '" + shown + "'";
			}
		}
		return null;
	}

	/**
	 * The first rows of a file with its header, cut at line ends: the header line and
	 * {@code rows} lines for a CSV, every line up to {@code @data} and {@code rows} lines
	 * after it for an ARFF.
	 */
	private static byte[] head(Path file, int rows, boolean[] complete) {
		boolean arff = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".arff");
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			boolean inData = !arff;
			int dataLines = arff ? 0 : -1;
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while (true) {
				b = in.read();
				if (b != -1) {
					line.write(b);
				}
				if (b == '\n' || b == -1) {
					byte[] bytes = line.toByteArray();
					line.reset();
					if (bytes.length > 0) {
						head.write(bytes, 0, bytes.length);
						String text = new String(bytes, StandardCharsets.UTF_8).strip();
						if (inData) {
							if (!text.isEmpty() && !text.startsWith("%")) {
								dataLines++;
							}
						}
						else if (text.toLowerCase(Locale.ROOT).startsWith("@data")) {
							inData = true;
						}
					}
					if (b == -1) {
						complete[0] = true;
						return head.toByteArray();
					}
					if (inData && dataLines >= rows) {
						complete[0] = isAtEnd(in);
						return head.toByteArray();
					}
				}
			}
		}
		catch (IOException ex) {
			throw new InvalidJobException("dataset.uri",
					"cannot read '" + file.getFileName() + "': " + Failures.message(ex), ex);
		}
	}

	/** Whether only blank lines are left. */
	private static boolean isAtEnd(BufferedInputStream in) throws IOException {
		int b;
		while ((b = in.read()) != -1) {
			if (!Character.isWhitespace(b)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The first rows of a data set.
	 *
	 * @param data the rows read, with the data set's header and class attribute
	 * @param complete {@code true} when they are every row of the data set
	 */
	public record Sample(Instances data, boolean complete) {
	}

	private static void setClass(Instances data, String classAttribute) {
		Attribute attribute = (classAttribute == null || classAttribute.isBlank())
				? data.attribute(data.numAttributes() - 1) : data.attribute(classAttribute);
		if (attribute == null) {
			throw new InvalidJobException("dataset.classAttribute",
					"no attribute '" + classAttribute + "' in the data set (attributes: " + names(data) + ")");
		}
		if (data.numInstances() == 0) {
			// before the type check: with no rows, a loader cannot tell a column's type
			throw new InvalidJobException("dataset.uri", "the data set has no rows, only a header");
		}
		if (!attribute.isNominal()) {
			throw new InvalidJobException("dataset.classAttribute",
					"'" + attribute.name() + "' is not nominal; the trainer builds classifiers");
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
