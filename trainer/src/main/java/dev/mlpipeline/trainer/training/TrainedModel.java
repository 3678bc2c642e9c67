package dev.mlpipeline.trainer.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import weka.classifiers.Classifier;
import weka.core.Instances;

/**
 * What a training produced: the final classifier (trained on all rows), the data's header
 * it expects, and the figures of its evaluation.
 *
 * @param algorithm Weka class name of the classifier
 * @param classifier the trained classifier
 * @param header the training data's structure, no rows, class attribute set
 * @param metrics overall metrics by name (see {@link EvaluationMetrics})
 * @param classMetrics per-class metrics by name
 * @param confusionMatrix rows = actual class, columns = predicted class
 * @param classLabels the class values, in matrix order
 * @param summary Weka's evaluation summary, class details and matrix as text
 * @param nullableFeatures the features with a missing value somewhere in the training
 * data
 * @param examples the first training rows, shown as the model's input example
 */
public record TrainedModel(String algorithm, Classifier classifier, Instances header, Map<String, Double> metrics,
		Map<String, Double> classMetrics, double[][] confusionMatrix, List<String> classLabels, String summary,
		Set<String> nullableFeatures, Instances examples) {

	/**
	 * Overall and per-class metrics together, as logged on the run.
	 * @return every metric by name
	 */
	public Map<String, Double> allMetrics() {
		Map<String, Double> all = new LinkedHashMap<>(this.metrics);
		all.putAll(this.classMetrics);
		return all;
	}

}
