package dev.mlpipeline.trainer.training;

import java.util.regex.Pattern;

import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * The one place a training job is judged, used both by {@code POST /jobs} (a {@code 400}
 * naming the field) and by the Kafka listener (a FAILED run): it really resolves the data
 * set and instantiates the classifier with the options, so a job that passes can train.
 */
public class JobValidator {

	/** Job ids end up in MLflow filter strings and URLs: keep them to a safe alphabet. */
	public static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	/**
	 * Model names are experiment names, registered model names, record keys and URL
	 * parts.
	 */
	public static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private final DatasetResolver datasets;

	private final AlgorithmResolver algorithms;

	public JobValidator(DatasetResolver datasets, AlgorithmResolver algorithms) {
		this.datasets = datasets;
		this.algorithms = algorithms;
	}

	/**
	 * Checks a job, loading its data and building its classifier.
	 * @param job the job
	 * @throws InvalidJobException naming the field at fault
	 */
	public void validate(TrainingRequested job) {
		prepare(job);
	}

	/**
	 * Checks a job and returns what training needs.
	 * @param job the job
	 * @return the prepared job
	 * @throws InvalidJobException naming the field at fault
	 */
	public PreparedJob prepare(TrainingRequested job) {
		checkIdentity(job);
		Classifier classifier = this.algorithms.instantiate(job.algorithm(), job.options());
		EvaluationPlan plan = EvaluationPlan.of(job.evaluation());
		if (job.dataset() == null) {
			throw new InvalidJobException("dataset", "is required: {\"uri\": \"builtin:iris\"} or file:<path>");
		}
		Instances data = this.datasets.load(job.dataset().uri(), job.dataset().classAttribute());
		try {
			classifier.getCapabilities().testWithFail(data);
		}
		catch (Exception ex) {
			throw new InvalidJobException("algorithm",
					classifier.getClass().getSimpleName() + " cannot train on this data set: " + Failures.message(ex),
					ex);
		}
		checkPlanFits(plan, data);
		return new PreparedJob(job, data, classifier, plan);
	}

	/**
	 * Checks the fields that say whose job it is; a job failing here cannot even be
	 * recorded under its model.
	 * @param job the job
	 * @throws InvalidJobException naming {@code jobId} or {@code modelName}
	 */
	public static void checkIdentity(TrainingRequested job) {
		if (job.jobId() == null || job.jobId().isBlank()) {
			throw new InvalidJobException("jobId", "is required");
		}
		if (!JOB_ID.matcher(job.jobId()).matches()) {
			throw new InvalidJobException("jobId",
					"'" + job.jobId() + "' must be 1-128 letters, digits, '.', '_', ':' or '-'");
		}
		if (job.modelName() == null || job.modelName().isBlank()) {
			throw new InvalidJobException("modelName", "is required");
		}
		if (!MODEL_NAME.matcher(job.modelName()).matches()) {
			throw new InvalidJobException("modelName",
					"'" + job.modelName() + "' must be 1-100 letters, digits, '.', '_' or '-'");
		}
	}

	private static void checkPlanFits(EvaluationPlan plan, Instances data) {
		int rows = data.numInstances();
		if (plan.holdout()) {
			int test = (int) Math.round(rows * plan.holdoutFraction());
			if (test < 1 || test >= rows) {
				throw new InvalidJobException("evaluation.holdoutFraction", "holding out " + plan.holdoutFraction()
						+ " of " + rows + " rows leaves no test or no training rows");
			}
		}
		else if (plan.folds() > rows) {
			throw new InvalidJobException("evaluation.folds",
					plan.folds() + " folds need at least as many rows; the data set has " + rows);
		}
	}

}
