package dev.mlpipeline.trainer.training;

import java.util.LinkedHashMap;
import java.util.Map;

import weka.classifiers.Classifier;
import weka.core.Instances;
import weka.core.OptionHandler;
import weka.core.Utils;

import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * A job that passed validation: its data loaded with the class attribute set, its
 * classifier configured but untrained, its evaluation plan settled.
 *
 * @param job the job as published
 * @param data the training data
 * @param classifier a configured, untrained classifier
 * @param plan how the model is evaluated
 */
public record PreparedJob(TrainingRequested job, Instances data, Classifier classifier, EvaluationPlan plan) {

	/**
	 * The Weka class name of the classifier.
	 * @return for example {@code weka.classifiers.trees.J48}
	 */
	public String algorithm() {
		return this.classifier.getClass().getName();
	}

	/**
	 * The options the classifier runs with, defaults included, as Weka prints them.
	 * @return the effective option string
	 */
	public String effectiveOptions() {
		if (this.classifier instanceof OptionHandler handler) {
			return Utils.joinOptions(handler.getOptions());
		}
		return "";
	}

	/**
	 * The parameters a data scientist looks for on the run.
	 * @return param name to value, in a stable order
	 */
	public Map<String, String> params() {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("algorithm", algorithm());
		params.put("options", (this.job.options() != null) ? this.job.options() : "");
		params.put("effective_options", effectiveOptions());
		params.put("dataset", this.job.dataset().uri());
		params.put("relation", this.data.relationName());
		params.put("class_attribute", this.data.classAttribute().name());
		params.put("num_instances", String.valueOf(this.data.numInstances()));
		params.put("num_attributes", String.valueOf(this.data.numAttributes()));
		params.put("num_classes", String.valueOf(this.data.numClasses()));
		params.put("evaluation", this.plan.describe());
		if (this.plan.holdout()) {
			params.put("evaluation.holdout_fraction", String.valueOf(this.plan.holdoutFraction()));
		}
		else {
			params.put("evaluation.folds", String.valueOf(this.plan.folds()));
		}
		params.put("evaluation.seed", String.valueOf(this.plan.seed()));
		return params;
	}

}
