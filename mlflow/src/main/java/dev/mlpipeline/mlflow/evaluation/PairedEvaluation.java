package dev.mlpipeline.mlflow.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * The candidate and the champion scored on exactly the same evaluation, kept on the
 * candidate's run as {@link #FILE} so the promoter can compare them pair by pair and
 * anyone can recompute its p-value: the same test folds of the same seeded
 * cross-validation (the champion, a fixed model, scored on each test fold; the candidate
 * trained on the rest), or the same holdout rows with how often each got a row right.
 *
 * @param basis {@link #PAIRED_FOLDS} or {@link #PAIRED_HOLDOUT}
 * @param evaluation the evaluation in words, e.g.
 * {@code 10-fold cross-validation, seed 1}
 * @param championVersion the champion's registry version
 * @param championRunId the run the champion came from
 * @param testTrainRatio test rows over training rows of one fold (or of the holdout), the
 * correction of the corrected resampled t-test
 * @param folds one entry per fold (one for a holdout), in fold order
 * @param holdout the paired correctness counts of a holdout, {@code null} for folds
 * @param championTrainedOnTheseRows whether the champion was trained on exactly the
 * candidate's data set (same rows, by digest), so it is scored on rows it has seen, which
 * favours it; {@code null} when its run does not say
 */
public record PairedEvaluation(String basis, String evaluation, String championVersion, String championRunId,
		double testTrainRatio, List<Fold> folds, Holdout holdout, Boolean championTrainedOnTheseRows) {

	/** Where the file lives among the run's artifacts. */
	public static final String FILE = "evaluation/paired_folds.json";

	/** Cross-validation folds scored by both models. */
	public static final String PAIRED_FOLDS = "paired-folds";

	/** One holdout split scored by both models. */
	public static final String PAIRED_HOLDOUT = "paired-holdout";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	public PairedEvaluation {
		folds = (folds != null) ? List.copyOf(folds) : List.of();
	}

	/**
	 * The per-fold values of one metric for both models, when every fold has it.
	 * @param metric the metric name
	 * @return candidate values and champion values, fold by fold; empty when a fold lacks
	 * the metric for either model
	 */
	public Optional<Pairs> pairs(String metric) {
		double[] candidate = new double[this.folds.size()];
		double[] champion = new double[this.folds.size()];
		for (int i = 0; i < this.folds.size(); i++) {
			Double mine = this.folds.get(i).candidate().get(metric);
			Double theirs = this.folds.get(i).champion().get(metric);
			if (mine == null || theirs == null || !Double.isFinite(mine) || !Double.isFinite(theirs)) {
				return Optional.empty();
			}
			candidate[i] = mine;
			champion[i] = theirs;
		}
		return this.folds.isEmpty() ? Optional.empty() : Optional.of(new Pairs(candidate, champion));
	}

	/**
	 * Reads the file.
	 * @param json the bytes of {@link #FILE}
	 * @return the paired evaluation
	 */
	public static PairedEvaluation read(byte[] json) {
		return MAPPER.readValue(json, PairedEvaluation.class);
	}

	/**
	 * Writes the file.
	 * @return the bytes of {@link #FILE}
	 */
	public byte[] toJson() {
		return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
	}

	/**
	 * One fold scored by both models.
	 *
	 * @param index the fold's index, from 0 (the {@code step} of its per-fold metrics)
	 * @param trainRows rows the candidate was trained on for this fold
	 * @param testRows rows both models were scored on
	 * @param candidate the candidate's metrics on the fold
	 * @param champion the champion's metrics on the same rows
	 */
	public record Fold(int index, int trainRows, int testRows, Map<String, Double> candidate,
			Map<String, Double> champion) {

		public Fold {
			candidate = (candidate != null) ? Map.copyOf(candidate) : Map.of();
			champion = (champion != null) ? Map.copyOf(champion) : Map.of();
		}

	}

	/**
	 * How the two models did row by row on a holdout, what McNemar's test takes.
	 *
	 * @param rows the holdout's rows
	 * @param bothRight rows both classified correctly
	 * @param candidateOnlyRight rows only the candidate got right
	 * @param championOnlyRight rows only the champion got right
	 * @param bothWrong rows both got wrong
	 */
	public record Holdout(int rows, int bothRight, int candidateOnlyRight, int championOnlyRight, int bothWrong) {
	}

	/**
	 * One metric's values fold by fold.
	 *
	 * @param candidate the candidate's values
	 * @param champion the champion's values, in the same fold order
	 */
	public record Pairs(double[] candidate, double[] champion) {
	}

}
