package dev.mlpipeline.trainer.training;

import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Locale;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Utils;

/**
 * Resolves a job's {@code algorithm} (a short name such as {@code J48} or a full class
 * name) to a classifier on the trainer's allow-list, and builds it configured with the
 * job's {@code options} once {@link OptionInspector} has cleared them, telling apart a
 * name the trainer does not train from options Weka rejects.
 */
public class AlgorithmResolver {

	private final OptionInspector inspector;

	/**
	 * A resolver whose file-valued options may name files in the data directory only.
	 * @param dataDir the trainer's data directory
	 */
	public AlgorithmResolver(Path dataDir) {
		this.inspector = new OptionInspector(new DataDirectory(dataDir));
	}

	/**
	 * The classifier class an algorithm name stands for.
	 * @param algorithm short name or full class name
	 * @return the classifier class
	 * @throws InvalidJobException naming {@code algorithm} when no allowed classifier
	 * matches
	 */
	public Class<? extends Classifier> resolve(String algorithm) {
		return load(className(algorithm));
	}

	/**
	 * The class name of an allowed algorithm, without loading it.
	 * @param algorithm short name or full class name
	 * @return the classifier's class name
	 * @throws InvalidJobException naming {@code algorithm} when no allowed classifier
	 * matches
	 */
	static String className(String algorithm) {
		if (algorithm == null || algorithm.isBlank()) {
			throw new InvalidJobException("algorithm", "is required (a short name such as J48 or a Weka class name)");
		}
		String name = algorithm.strip();
		String className = name.contains(".") ? name : AllowedAlgorithms.SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
		if (className == null) {
			throw new InvalidJobException("algorithm",
					"unknown algorithm '" + name + "' (allowed: " + AllowedAlgorithms.describe() + ")");
		}
		if (!AllowedAlgorithms.isClassifier(className)) {
			String why = AllowedAlgorithms.NEVER.contains(className) ? "; it loads models or files" : "";
			throw new InvalidJobException("algorithm", "'" + name + "' is not an algorithm the trainer allows" + why
					+ " (allowed: " + AllowedAlgorithms.describe() + ")");
		}
		return className;
	}

	/**
	 * A new, untrained classifier of the algorithm, configured with the options.
	 * @param algorithm short name or full class name
	 * @param options Weka option string, may be {@code null} or blank
	 * @return the configured classifier
	 * @throws InvalidJobException naming {@code algorithm} or {@code options}
	 */
	public Classifier instantiate(String algorithm, String options) {
		Class<? extends Classifier> type = resolve(algorithm);
		String[] parsed = (options == null || options.isBlank()) ? new String[0] : OptionInspector.split(options);
		String[] cleared = this.inspector.inspect(type.getName(), parsed);
		Classifier classifier;
		try {
			classifier = AbstractClassifier.forName(type.getName(), cleared);
			Utils.checkForRemainingOptions(cleared);
		}
		catch (Exception ex) {
			throw new InvalidJobException("options",
					type.getSimpleName() + " rejects '" + options + "': " + Failures.message(ex), ex);
		}
		this.inspector.verify(classifier);
		return classifier;
	}

	private static Class<? extends Classifier> load(String className) {
		try {
			Class<?> type = Class.forName(className, false, AlgorithmResolver.class.getClassLoader());
			if (!Classifier.class.isAssignableFrom(type) || type.isInterface()
					|| Modifier.isAbstract(type.getModifiers())) {
				throw new IllegalStateException(className + " is on the allow-list but is not a classifier");
			}
			return type.asSubclass(Classifier.class);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(className + " is on the allow-list but not on the classpath", ex);
		}
	}

}
