package dev.mlpipeline.trainer.champion;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import weka.core.Instances;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.evaluation.ChampionScoring;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.trainer.training.EvaluationObserver;

/**
 * One job's comparison with its champion: the observer that scores the champion during
 * the candidate's evaluation, then what goes on the candidate's run (the champion's
 * version and run as tags, or why it was not scored; its figures on the same data; the
 * per-fold series of both; {@link PairedEvaluation#FILE}).
 */
public final class ChampionComparisonRun {

	private final ModelVersion champion;

	private final PairedScoring scoring;

	private final HeaderMapping mapping;

	private final byte[] championFile;

	private final String notScored;

	private ChampionComparisonRun(ModelVersion champion, PairedScoring scoring, HeaderMapping mapping,
			byte[] championFile, String notScored) {
		this.champion = champion;
		this.scoring = scoring;
		this.mapping = mapping;
		this.championFile = championFile;
		this.notScored = notScored;
	}

	static ChampionComparisonRun none() {
		return new ChampionComparisonRun(null, null, null, null, null);
	}

	static ChampionComparisonRun notScored(ModelVersion champion, String reason) {
		return new ChampionComparisonRun(champion, null, null, null, reason);
	}

	static ChampionComparisonRun scoring(ModelVersion champion, PairedScoring scoring, HeaderMapping mapping,
			byte[] championFile) {
		return new ChampionComparisonRun(champion, scoring, mapping, championFile, null);
	}

	/**
	 * What scores the champion on the candidate's evaluation.
	 * @return the observer, {@link EvaluationObserver#NONE} when nothing is scored
	 */
	public EvaluationObserver observer() {
		return (this.scoring != null) ? this.scoring : EvaluationObserver.NONE;
	}

	/**
	 * Why the champion was not scored on the candidate's data.
	 * @return the reason, empty when it was scored or there is no champion
	 */
	public Optional<String> notScored() {
		if (this.notScored != null) {
			return Optional.of(this.notScored);
		}
		return (this.scoring != null) ? this.scoring.failure() : Optional.empty();
	}

	/**
	 * The run tags: the champion's version and run, and why it was not scored.
	 * @return tag name to value, empty without a champion
	 */
	public Map<String, String> tags() {
		Map<String, String> tags = new LinkedHashMap<>();
		if (this.champion != null) {
			tags.put(ChampionScoring.VERSION, this.champion.version());
			if (this.champion.runId() != null) {
				tags.put(ChampionScoring.RUN_ID, this.champion.runId());
			}
			notScored().ifPresent((reason) -> tags.put(ChampionScoring.NOT_SCORED, reason));
		}
		return tags;
	}

	/**
	 * The paired figures of both models on the same evaluation.
	 * @return the paired evaluation, empty unless the champion was scored on every split
	 */
	public Optional<PairedEvaluation> paired() {
		if (this.scoring == null || this.champion == null) {
			return Optional.empty();
		}
		return this.scoring.paired(this.champion.version(), this.champion.runId());
	}

	/**
	 * The champion's metrics on the candidate's data, named {@code champion.<metric>}.
	 * @return metric name to value, empty unless the champion was scored
	 */
	public Map<String, Double> metrics() {
		Map<String, Double> metrics = new LinkedHashMap<>();
		if (paired().isPresent()) {
			this.scoring.championMetrics()
				.forEach((metric, value) -> metrics.put(ChampionScoring.championMetric(metric), value));
		}
		return metrics;
	}

	/**
	 * Both models' per-fold values of every metric, {@code fold.<metric>} and
	 * {@code champion.fold.<metric>}, one value per fold.
	 * @return series name to values in fold order, empty unless the champion was scored
	 */
	public Map<String, List<Double>> series() {
		Map<String, List<Double>> series = new LinkedHashMap<>();
		paired().ifPresent((paired) -> paired.folds().get(0).candidate().keySet().forEach((metric) -> {
			paired.pairs(metric).ifPresent((pairs) -> {
				series.put(ChampionScoring.foldMetric(metric), boxed(pairs.candidate()));
				series.put(ChampionScoring.championFoldMetric(metric), boxed(pairs.champion()));
			});
		}));
		return series;
	}

	/**
	 * The champion's model file, for its cost figures.
	 * @return the verified file's bytes, empty unless the champion can score the data
	 */
	public Optional<byte[]> championFile() {
		return (this.scoring != null && this.scoring.failure().isEmpty()) ? Optional.of(this.championFile)
				: Optional.empty();
	}

	/**
	 * Rows of the candidate's data as the champion reads them, for its cost figures.
	 * @param rows rows of the candidate's data
	 * @return the rows in the champion's header
	 * @throws IllegalStateException when the champion cannot score the data
	 */
	public Instances championRows(Instances rows) {
		if (this.mapping == null) {
			throw new IllegalStateException("the champion cannot score the data");
		}
		return this.mapping.toChampion(rows);
	}

	private static List<Double> boxed(double[] values) {
		return Arrays.stream(values).boxed().toList();
	}

}
