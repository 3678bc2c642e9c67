package dev.mlpipeline.mlflow.model;

/**
 * The model version tag keys the pipeline writes, so trainer and promoter spell them
 * once.
 */
public final class ModelTags {

	/** The training job that produced the version. */
	public static final String JOB_ID = "job_id";

	/** The Weka algorithm, e.g. {@code weka.classifiers.trees.J48}. */
	public static final String ALGORITHM = "algorithm";

	/** The hex SHA-256 of the model file. */
	public static final String SHA256 = "sha256";

	/** Prefix of evaluation metric tags, e.g. {@code metric.accuracy}. */
	public static final String METRIC_PREFIX = "metric.";

	/** The promoter's decision (PROMOTED, REJECTED, ROLLED_BACK). */
	public static final String DECISION = "promotion.decision";

	/** The reasons of the promoter's decision. */
	public static final String DECISION_REASONS = "promotion.reasons";

	/** The id of the promoter's decision event. */
	public static final String DECISION_ID = "promotion.decision_id";

	private ModelTags() {
	}

	/**
	 * The tag key of an evaluation metric.
	 * @param metric the metric name, e.g. {@code accuracy}
	 * @return the key, e.g. {@code metric.accuracy}
	 */
	public static String metric(String metric) {
		return METRIC_PREFIX + metric;
	}

}
