package dev.mlpipeline.mlflow.evaluation;

/**
 * The names a trainer records the champion's figures under on the candidate's run, shared
 * with the promoter that reads them.
 */
public final class ChampionScoring {

	/** Prefix of the champion's metrics measured on the candidate's data. */
	public static final String METRIC_PREFIX = "champion.";

	/** Prefix of per-fold metrics (one value per fold, {@code step} = fold index). */
	public static final String FOLD_PREFIX = "fold.";

	/** Run tag: the champion version scored on the candidate's data. */
	public static final String VERSION = "champion.version";

	/** Run tag: the run the champion came from. */
	public static final String RUN_ID = "champion.run_id";

	/**
	 * Run tag: why the champion could not be scored on the candidate's data (features or
	 * classes differ, its file failed verification, ...).
	 */
	public static final String NOT_SCORED = "champion.not_scored";

	/**
	 * Run tag of every trainer run: the SHA-256 of the rows it trained and evaluated on
	 * (header and rows as ARFF text), so a later job can tell whether its champion was
	 * trained on exactly its rows.
	 */
	public static final String DATASET_SHA256 = "dataset_sha256";

	/** Run tag: why the champion's scoring cost could not be measured. */
	public static final String COST_NOT_MEASURED = "champion.cost_not_measured";

	private ChampionScoring() {
	}

	/**
	 * The champion's value of a metric on the candidate's data.
	 * @param metric e.g. {@code accuracy}
	 * @return e.g. {@code champion.accuracy}
	 */
	public static String championMetric(String metric) {
		return METRIC_PREFIX + metric;
	}

	/**
	 * The candidate's per-fold series of a metric.
	 * @param metric e.g. {@code accuracy}
	 * @return e.g. {@code fold.accuracy}
	 */
	public static String foldMetric(String metric) {
		return FOLD_PREFIX + metric;
	}

	/**
	 * The champion's per-fold series of a metric.
	 * @param metric e.g. {@code accuracy}
	 * @return e.g. {@code champion.fold.accuracy}
	 */
	public static String championFoldMetric(String metric) {
		return METRIC_PREFIX + FOLD_PREFIX + metric;
	}

}
