package dev.mlpipeline.trainer.training;

import java.util.regex.Pattern;

import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * The one place a training job is judged, used both by {@code POST /jobs} (a {@code 400}
 * naming the field, on the data set's header and first rows) and by the Kafka listener (a
 * FAILED run, on the whole data set): it really reads the data and instantiates the
 * classifier with the options, so a job that passes can train.
 */
public class JobValidator {

	/** Job ids end up in MLflow filter strings and URLs: keep them to a safe alphabet. */
	public static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	/**
	 * Model names are experiment names, registered model names, record keys and URL
	 * parts.
	 */
	public static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	/** How many rows of a data set {@link #validate} reads. */
	static final int SAMPLE_ROWS = 1000;

	private final DatasetResolver datasets;

	private final AlgorithmResolver algorithms;

	public JobValidator(DatasetResolver datasets, AlgorithmResolver algorithms) {
		this.datasets = datasets;
		this.algorithms = algorithms;
	}

	/**
	 * Checks a job cheaply, as {@code POST /jobs} does: its identity, algorithm and
	 * options, evaluation, and the data set's header and first {@value #SAMPLE_ROWS} rows
	 * (the whole file is loaded, and checked again, when the job is trained).
	 * @param job the job
	 * @throws InvalidJobException naming the field at fault
	 */
	public void validate(TrainingRequested job) {
		Classifier classifier = checkJob(job);
		DatasetResolver.Sample sample = this.datasets.sample(job.dataset().uri(), job.dataset().classAttribute(),
				SAMPLE_ROWS);
		checkData(classifier, EvaluationPlan.of(job.evaluation()), sample.data(), sample.complete());
	}

	/**
	 * Checks a job and returns what training needs, loading the whole data set.
	 * @param job the job
	 * @return the prepared job
	 * @throws InvalidJobException naming the field at fault
	 */
	public PreparedJob prepare(TrainingRequested job) {
		Classifier classifier = checkJob(job);
		EvaluationPlan plan = EvaluationPlan.of(job.evaluation());
		Instances data = this.datasets.load(job.dataset().uri(), job.dataset().classAttribute());
		checkData(classifier, plan, data, true);
		return new PreparedJob(job, data, classifier, plan);
	}

	private Classifier checkJob(TrainingRequested job) {
		checkIdentity(job);
		Classifier classifier = this.algorithms.instantiate(job.algorithm(), job.options());
		EvaluationPlan.of(job.evaluation());
		if (job.dataset() == null) {
			throw new InvalidJobException("dataset", "is required: {\"uri\": \"builtin:iris\"} or file:<path>");
		}
		return classifier;
	}

	/**
	 * Checks the classifier and plan against the data; {@code complete} is {@code false}
	 * for a sample, whose row count is only a lower bound.
	 */
	private static void checkData(Classifier classifier, EvaluationPlan plan, Instances data, boolean complete) {
		try {
			classifier.getCapabilities().testWithFail(data);
		}
		catch (Exception ex) {
			throw new InvalidJobException("algorithm",
					classifier.getClass().getSimpleName() + " cannot train on this data set: " + Failures.message(ex),
					ex);
		}
		if (complete) {
			checkPlanFits(plan, data);
		}
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
