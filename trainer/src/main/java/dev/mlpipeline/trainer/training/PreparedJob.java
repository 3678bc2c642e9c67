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

	/**
	 * The params {@link #params()} records that identify a job's body, computed from the
	 * job alone: how a run recorded before job fingerprints existed is recognised as the
	 * same job.
	 * @param job the job
	 * @return param name to value; empty when the job is invalid (its runs recorded no
	 * params)
	 */
	public static Map<String, String> identifyingParams(TrainingRequested job) {
		if (job.dataset() == null || job.dataset().uri() == null || job.algorithm() == null) {
			return Map.of();
		}
		Map<String, String> params = new LinkedHashMap<>();
		try {
			params.put("algorithm", AlgorithmResolver.className(job.algorithm()));
			params.put("evaluation", EvaluationPlan.of(job.evaluation()).describe());
		}
		catch (InvalidJobException ex) {
			return Map.of();
		}
		params.put("options", (job.options() != null) ? job.options() : "");
		params.put("dataset", job.dataset().uri());
		String classAttribute = job.dataset().classAttribute();
		if (classAttribute != null && !classAttribute.isBlank()) {
			params.put("class_attribute", classAttribute);
		}
		return params;
	}

}
