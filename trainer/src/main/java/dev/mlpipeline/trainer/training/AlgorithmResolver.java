package dev.mlpipeline.trainer.training;

import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Utils;

/**
 * Resolves a job's {@code algorithm} (a short name such as {@code J48} or a full Weka
 * class name) to a classifier class, and builds a classifier configured with the job's
 * {@code options}, telling apart a name Weka does not know from options it rejects.
 */
public class AlgorithmResolver {

	private static final List<String> PACKAGES = List.of("weka.classifiers.trees", "weka.classifiers.bayes",
			"weka.classifiers.functions", "weka.classifiers.lazy", "weka.classifiers.rules", "weka.classifiers.meta",
			"weka.classifiers.misc");

	private static final Map<String, String> SHORT_NAMES = shortNames();

	/**
	 * The classifier class an algorithm name stands for.
	 * @param algorithm short name or full class name
	 * @return the classifier class
	 * @throws InvalidJobException naming {@code algorithm} when no classifier matches
	 */
	public Class<? extends Classifier> resolve(String algorithm) {
		if (algorithm == null || algorithm.isBlank()) {
			throw new InvalidJobException("algorithm", "is required (a short name such as J48 or a Weka class name)");
		}
		String name = algorithm.strip();
		if (name.contains(".")) {
			return load(name).orElseThrow(() -> new InvalidJobException("algorithm",
					"'" + name + "' is not a Weka classifier class on the classpath"));
		}
		String known = SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
		if (known != null) {
			return load(known).orElseThrow();
		}
		for (String pkg : PACKAGES) {
			Optional<Class<? extends Classifier>> found = load(pkg + "." + name);
			if (found.isPresent()) {
				return found.get();
			}
		}
		throw new InvalidJobException("algorithm", "unknown algorithm '" + name
				+ "' (a short name such as J48, RandomForest, NaiveBayes, Logistic, SMO, IBk, ZeroR, or a Weka classifier class name)");
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
		String[] parsed;
		try {
			parsed = (options == null || options.isBlank()) ? new String[0] : Utils.splitOptions(options);
		}
		catch (Exception ex) {
			throw new InvalidJobException("options", "cannot parse '" + options + "': " + Failures.message(ex), ex);
		}
		try {
			Classifier classifier = AbstractClassifier.forName(type.getName(), parsed);
			Utils.checkForRemainingOptions(parsed);
			return classifier;
		}
		catch (Exception ex) {
			throw new InvalidJobException("options",
					type.getSimpleName() + " rejects '" + options + "': " + Failures.message(ex), ex);
		}
	}

	private static Optional<Class<? extends Classifier>> load(String className) {
		try {
			Class<?> type = Class.forName(className, false, AlgorithmResolver.class.getClassLoader());
			if (!Classifier.class.isAssignableFrom(type) || type.isInterface()
					|| Modifier.isAbstract(type.getModifiers())) {
				return Optional.empty();
			}
			return Optional.of(type.asSubclass(Classifier.class));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return Optional.empty();
		}
	}

	private static Map<String, String> shortNames() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("j48", "weka.classifiers.trees.J48");
		names.put("randomforest", "weka.classifiers.trees.RandomForest");
		names.put("randomtree", "weka.classifiers.trees.RandomTree");
		names.put("reptree", "weka.classifiers.trees.REPTree");
		names.put("decisionstump", "weka.classifiers.trees.DecisionStump");
		names.put("naivebayes", "weka.classifiers.bayes.NaiveBayes");
		names.put("bayesnet", "weka.classifiers.bayes.BayesNet");
		names.put("logistic", "weka.classifiers.functions.Logistic");
		names.put("smo", "weka.classifiers.functions.SMO");
		names.put("multilayerperceptron", "weka.classifiers.functions.MultilayerPerceptron");
		names.put("mlp", "weka.classifiers.functions.MultilayerPerceptron");
		names.put("simplelogistic", "weka.classifiers.functions.SimpleLogistic");
		names.put("ibk", "weka.classifiers.lazy.IBk");
		names.put("knn", "weka.classifiers.lazy.IBk");
		names.put("kstar", "weka.classifiers.lazy.KStar");
		names.put("zeror", "weka.classifiers.rules.ZeroR");
		names.put("oner", "weka.classifiers.rules.OneR");
		names.put("jrip", "weka.classifiers.rules.JRip");
		names.put("part", "weka.classifiers.rules.PART");
		names.put("decisiontable", "weka.classifiers.rules.DecisionTable");
		names.put("adaboostm1", "weka.classifiers.meta.AdaBoostM1");
		names.put("bagging", "weka.classifiers.meta.Bagging");
		names.put("logitboost", "weka.classifiers.meta.LogitBoost");
		return Map.copyOf(names);
	}

}
