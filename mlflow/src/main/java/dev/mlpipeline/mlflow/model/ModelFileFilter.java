package dev.mlpipeline.mlflow.model;

import java.io.ObjectInputFilter;
import java.util.List;

/**
 * The allow-list guarding model deserialization, so a model file can only build Weka
 * objects and the few JDK classes they are made of, within size and depth limits. The
 * same class list guards every other deserialization in the process
 * ({@link ProcessSerialFilter}); one instance per stream, since it remembers what it
 * refused.
 */
public final class ModelFileFilter implements ObjectInputFilter {

	/**
	 * Found by serializing J48, RandomForest, NaiveBayes, Logistic, SMO, IBk, ZeroR,
	 * MultilayerPerceptron, REPTree, DecisionStump, OneR, JRip, PART, SimpleLogistic,
	 * LMT, AdaBoostM1, Bagging, KStar, BayesNet and FilteredClassifier trained on iris
	 * through a filter that logs every class. Arrays are matched by their element type;
	 * arrays of primitives pass. Everything else is refused, {@code java.io.File} above
	 * all: no model needs to name a file.
	 */
	public static final List<String> ALLOWED = List.of("weka.**", "java.lang.Object", "java.lang.String",
			"java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
			"java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character", "java.lang.Enum",
			"java.util.ArrayList", "java.util.LinkedList", "java.util.Vector", "java.util.HashMap",
			"java.util.LinkedHashMap", "java.util.Hashtable", "java.util.HashSet", "java.util.LinkedHashSet",
			"java.util.BitSet", "java.util.Random", "java.util.Map$Entry");

	/** The classes alone, refusing everything else; limits are left to each stream. */
	static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(String.join(";", ALLOWED) + ";!*");

	private final ObjectInputFilter patterns;

	private volatile String rejection;

	/**
	 * A filter for one model file.
	 * @param limits the limits the file must stay within
	 */
	public ModelFileFilter(ModelFileLimits limits) {
		this.patterns = ObjectInputFilter.Config.createFilter(pattern(limits));
	}

	/**
	 * The filter as a {@code jdk.serialFilter} pattern.
	 * @param limits the limits
	 * @return the pattern
	 */
	public static String pattern(ModelFileLimits limits) {
		return "maxbytes=" + limits.maxBytes() + ";maxdepth=" + limits.maxDepth() + ";maxrefs=" + limits.maxReferences()
				+ ";maxarray=" + limits.maxArrayLength() + ";" + String.join(";", ALLOWED) + ";!*";
	}

	@Override
	public Status checkInput(FilterInfo info) {
		Status status = this.patterns.checkInput(info);
		if (status == Status.REJECTED && this.rejection == null) {
			this.rejection = describe(info);
		}
		return status;
	}

	/**
	 * What the filter refused first, for the load error.
	 * @return the reason, or {@code null} when nothing was refused
	 */
	public String rejection() {
		return this.rejection;
	}

	static String describe(FilterInfo info) {
		if (info.serialClass() != null && CLASSES.checkInput(info) == Status.REJECTED) {
			return "class " + info.serialClass().getName() + " is not allowed in a model";
		}
		return "a deserialization limit was exceeded (depth " + info.depth() + ", references " + info.references()
				+ ", bytes " + info.streamBytes() + ", array length " + info.arrayLength() + ")";
	}

}
