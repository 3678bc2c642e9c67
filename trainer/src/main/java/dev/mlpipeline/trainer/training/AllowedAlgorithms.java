package dev.mlpipeline.trainer.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The trainer's explicit allow-list: the Weka classifiers a job may train, by exact
 * class, and the helper classes (kernels, neighbour searches, distances, search methods,
 * estimators, filters) that may appear inside their options. Weka can load models and
 * files through many of its classes ({@code SerializedClassifier},
 * {@code InputMappedClassifier}, {@code Vote -P}, {@code AddCluster -serialized},
 * {@code PrecomputedKernelMatrixKernel}); none of them is listed, and every option that
 * names a file is catalogued here so its value can be held to the data directory.
 */
final class AllowedAlgorithms {

	/** Short names a job may use, lower case, to the class they stand for. */
	static final Map<String, String> SHORT_NAMES = shortNames();

	/** The classifiers the trainer trains, at the top or inside a meta-classifier. */
	static final Set<String> CLASSIFIERS = Set.copyOf(SHORT_NAMES.values());

	/** Classes that may be named inside a classifier's options. */
	static final Set<String> HELPERS = Set.of(
			// SMO kernels
			"weka.classifiers.functions.supportVector.PolyKernel",
			"weka.classifiers.functions.supportVector.NormalizedPolyKernel",
			"weka.classifiers.functions.supportVector.RBFKernel", "weka.classifiers.functions.supportVector.Puk",
			// IBk neighbour searches and their parts
			"weka.core.neighboursearch.LinearNNSearch", "weka.core.neighboursearch.KDTree",
			"weka.core.neighboursearch.BallTree", "weka.core.neighboursearch.CoverTree",
			"weka.core.neighboursearch.kdtrees.SlidingMidPointOfWidestSide",
			"weka.core.neighboursearch.kdtrees.MidPointOfWidestDimension",
			"weka.core.neighboursearch.kdtrees.MedianOfWidestDimension",
			"weka.core.neighboursearch.balltrees.TopDownConstructor",
			"weka.core.neighboursearch.balltrees.PointsClosestToFurthestChildren",
			// distance functions
			"weka.core.EuclideanDistance", "weka.core.ManhattanDistance", "weka.core.ChebyshevDistance",
			"weka.core.MinkowskiDistance",
			// DecisionTable search methods
			"weka.attributeSelection.BestFirst", "weka.attributeSelection.GreedyStepwise",
			// BayesNet structure searches and estimators
			"weka.classifiers.bayes.net.search.local.K2", "weka.classifiers.bayes.net.search.local.HillClimber",
			"weka.classifiers.bayes.net.search.local.TAN", "weka.classifiers.bayes.net.search.local.LAGDHillClimber",
			"weka.classifiers.bayes.net.search.local.RepeatedHillClimber",
			"weka.classifiers.bayes.net.search.local.SimulatedAnnealing",
			"weka.classifiers.bayes.net.search.local.TabuSearch", "weka.classifiers.bayes.net.estimate.SimpleEstimator",
			"weka.classifiers.bayes.net.estimate.BMAEstimator",
			// filters FilteredClassifier may apply: none reads a file or a model
			"weka.filters.supervised.attribute.Discretize", "weka.filters.unsupervised.attribute.Discretize",
			"weka.filters.supervised.attribute.NominalToBinary", "weka.filters.unsupervised.attribute.NominalToBinary",
			"weka.filters.unsupervised.attribute.Normalize", "weka.filters.unsupervised.attribute.Standardize",
			"weka.filters.unsupervised.attribute.ReplaceMissingValues", "weka.filters.unsupervised.attribute.Remove",
			"weka.filters.unsupervised.attribute.RemoveUseless", "weka.filters.MultiFilter", "weka.filters.AllFilter");

	/**
	 * The options of allowed classes whose value is a file, by class: their value must be
	 * a file inside the data directory. A test reads every allowed class's
	 * {@code listOptions()} and fails on a file option missing here.
	 */
	static final Map<String, Set<String>> FILE_OPTIONS = Map.of("weka.classifiers.bayes.BayesNet", Set.of("B"),
			"weka.classifiers.bayes.net.search.local.HillClimber", Set.of("X"),
			"weka.classifiers.bayes.net.search.local.LAGDHillClimber", Set.of("X"),
			"weka.classifiers.bayes.net.search.local.RepeatedHillClimber", Set.of("X"),
			"weka.classifiers.bayes.net.search.local.TabuSearch", Set.of("X"));

	/**
	 * Classes that load models or files and are therefore never allowed, whatever their
	 * options; listed so tests prove each one is refused.
	 */
	static final List<String> NEVER = List.of("weka.classifiers.misc.SerializedClassifier",
			"weka.classifiers.misc.InputMappedClassifier", "weka.classifiers.meta.Vote",
			"weka.filters.unsupervised.attribute.AddCluster",
			"weka.classifiers.functions.supportVector.PrecomputedKernelMatrixKernel",
			"weka.classifiers.bayes.net.search.fixed.FromFile");

	private AllowedAlgorithms() {
	}

	static boolean isClassifier(String className) {
		return CLASSIFIERS.contains(className);
	}

	static boolean isAllowed(String className) {
		return CLASSIFIERS.contains(className) || HELPERS.contains(className);
	}

	static Set<String> fileOptions(String className) {
		return FILE_OPTIONS.getOrDefault(className, Set.of());
	}

	/** Every allowed class, classifiers first, sorted. */
	static List<String> all() {
		return Stream.concat(CLASSIFIERS.stream().sorted(), HELPERS.stream().sorted()).toList();
	}

	/** The short names as a job would write them, for messages and the README. */
	static String describe() {
		return String.join(", ",
				List.of("J48", "RandomForest", "RandomTree", "REPTree", "DecisionStump", "NaiveBayes", "BayesNet",
						"Logistic", "SMO", "MultilayerPerceptron (MLP)", "SimpleLogistic", "IBk (kNN)", "KStar",
						"ZeroR", "OneR", "JRip", "PART", "DecisionTable", "AdaBoostM1", "Bagging", "LogitBoost",
						"FilteredClassifier"));
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
		names.put("filteredclassifier", "weka.classifiers.meta.FilteredClassifier");
		return Map.copyOf(names);
	}

}
