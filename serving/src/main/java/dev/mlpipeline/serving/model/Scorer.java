package dev.mlpipeline.serving.model;

import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Instance;

/**
 * Scores rows with a Weka classifier from many threads at once: Weka does not promise
 * that {@code distributionForInstance} is thread-safe, so only classifiers whose scoring
 * is known to read nothing but their own immutable model are shared, and every other one
 * is scored through a pool of private copies.
 */
public abstract sealed class Scorer permits Scorer.Shared, Scorer.Pooled {

	/**
	 * Classifiers whose {@code distributionForInstance} walks the trained trees (or
	 * returns a constant) and allocates its results locally, with no filter or search
	 * state; {@code ScorerTests} scores from 8 threads and compares with single-threaded
	 * Weka for J48 and RandomForest. Logistic, SMO, NaiveBayes with discretization and
	 * FilteredClassifier push rows through stateful filters, IBk through a neighbour
	 * search that keeps its last distances: they are pooled, as is anything unknown.
	 */
	static final Set<String> THREAD_SAFE = Set.of("weka.classifiers.trees.J48", "weka.classifiers.trees.RandomForest",
			"weka.classifiers.trees.RandomTree", "weka.classifiers.trees.REPTree",
			"weka.classifiers.trees.DecisionStump", "weka.classifiers.rules.ZeroR", "weka.classifiers.rules.OneR");

	/**
	 * A scorer for the classifier.
	 * @param classifier a trained classifier, owned by the scorer from now on
	 * @param copies how many private copies a pooled scorer prepares up front
	 * @return a shared scorer for thread-safe classifiers, else a pooled one
	 * @throws Exception when a copy cannot be made
	 */
	static Scorer of(Classifier classifier, int copies) throws Exception {
		return THREAD_SAFE.contains(classifier.getClass().getName()) ? new Shared(classifier)
				: new Pooled(classifier, copies);
	}

	/**
	 * The class distribution (or the numeric prediction at index 0) of one row.
	 * @param instance a row attached to the model's header
	 * @return the distribution
	 * @throws Exception when Weka fails to score the row
	 */
	public abstract double[] distribution(Instance instance) throws Exception;

	/**
	 * Whether concurrent callers share one classifier.
	 * @return {@code true} for a shared scorer
	 */
	public abstract boolean shared();

	/** Scores every caller with the one classifier. */
	static final class Shared extends Scorer {

		private final Classifier classifier;

		Shared(Classifier classifier) {
			this.classifier = classifier;
		}

		@Override
		public double[] distribution(Instance instance) throws Exception {
			return this.classifier.distributionForInstance(instance);
		}

		@Override
		public boolean shared() {
			return true;
		}

	}

	/** Lends each caller a private copy; a copy is made when none is idle. */
	static final class Pooled extends Scorer {

		private final Classifier prototype;

		private final ConcurrentLinkedQueue<Classifier> idle = new ConcurrentLinkedQueue<>();

		Pooled(Classifier prototype, int copies) throws Exception {
			// the prototype is only ever copied, never scored, so a copy is never taken
			// from a classifier in the middle of scoring
			this.prototype = prototype;
			for (int i = 0; i < copies; i++) {
				this.idle.add(AbstractClassifier.makeCopy(prototype));
			}
		}

		@Override
		public double[] distribution(Instance instance) throws Exception {
			Classifier copy = this.idle.poll();
			if (copy == null) {
				copy = AbstractClassifier.makeCopy(this.prototype);
			}
			try {
				return copy.distributionForInstance(instance);
			}
			finally {
				this.idle.offer(copy);
			}
		}

		@Override
		public boolean shared() {
			return false;
		}

	}

}
