package dev.mlpipeline.trainer.champion;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import weka.core.Instances;

import dev.mlpipeline.mlflow.MlflowNotFoundException;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.evaluation.ChampionScoring;
import dev.mlpipeline.mlflow.model.ModelFileException;
import dev.mlpipeline.mlflow.model.VerifiedModelFile;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import dev.mlpipeline.trainer.training.EvaluationPlan;

/**
 * Finds a job's champion the way serving does (the alias, else the latest version in the
 * production stage), reads it through the same verified path (SHA-256 against the
 * registry, the deserialization allow-list) and sets up its scoring on the candidate's
 * evaluation. A champion that cannot be read or cannot score the data is recorded as
 * such, with the reason; MLflow being unavailable propagates so the job is retried.
 */
public class ChampionComparison {

	private static final Logger logger = LoggerFactory.getLogger(ChampionComparison.class);

	private final ModelRegistry registry;

	private final MlflowTracking tracking;

	private final VerifiedModelFiles files;

	private final ChampionSettings settings;

	public ChampionComparison(ModelRegistry registry, MlflowTracking tracking, VerifiedModelFiles files,
			ChampionSettings settings) {
		this.registry = registry;
		this.tracking = tracking;
		this.files = files;
		this.settings = settings;
	}

	/**
	 * Prepares the champion's scoring for one job.
	 * @param modelName the job's registered model
	 * @param data the candidate's data, class attribute set
	 * @param plan the candidate's evaluation
	 * @param dataSha256 the digest of the candidate's rows ({@code DataFingerprint})
	 * @return the comparison of this job: none without a champion, else scoring or the
	 * reason it cannot be scored
	 * @throws MlflowUnavailableException when MLflow cannot say or serve the champion
	 */
	public ChampionComparisonRun prepare(String modelName, Instances data, EvaluationPlan plan, String dataSha256) {
		if (!this.settings.score() || this.registry.findRegisteredModel(modelName).isEmpty()) {
			return ChampionComparisonRun.none();
		}
		Optional<ModelVersion> found = this.registry.findVersionByAlias(modelName, this.settings.alias())
			.or(() -> this.registry.findLatestInStage(modelName, this.settings.stage()));
		if (found.isEmpty()) {
			return ChampionComparisonRun.none();
		}
		ModelVersion champion = found.get();
		VerifiedModelFile file;
		try {
			file = this.files.fetchWithFile(champion);
		}
		catch (ModelFileException ex) {
			if (ex.kind() == ModelFileException.Kind.UNAVAILABLE) {
				throw new MlflowUnavailableException("could not read champion version " + champion.version() + " of "
						+ modelName + ": " + ex.getMessage(), ex);
			}
			logger.warn("{}: champion version {} is not scored: {}", modelName, champion.version(), ex.getMessage());
			return ChampionComparisonRun.notScored(champion, "its model file failed verification: " + ex.getMessage());
		}
		try {
			HeaderMapping.Result mapping = HeaderMapping.of(data, file.model().header());
			if (mapping.unscorable().isPresent()) {
				logger.warn("{}: champion version {} cannot score the job's data: {}", modelName, champion.version(),
						mapping.unscorable().get());
				return ChampionComparisonRun.notScored(champion,
						"its schema cannot score the data: " + mapping.unscorable().get());
			}
			PairedScoring scoring = new PairedScoring(file.model().classifier(), mapping.mapping().get(), data, plan,
					trainedOnTheseRows(champion, dataSha256));
			logger.info("{}: scoring champion version {} on the same evaluation ({})", modelName, champion.version(),
					plan.describe());
			return ChampionComparisonRun.scoring(champion, scoring, mapping.mapping().get(), file.bytes());
		}
		catch (MlflowUnavailableException ex) {
			throw ex;
		}
		catch (Exception ex) {
			// a champion never fails the candidate's job
			logger.warn("{}: champion version {} is not scored: {}", modelName, champion.version(), ex.toString());
			return ChampionComparisonRun.notScored(champion, "its evaluation could not be set up: " + ex);
		}
	}

	/**
	 * Whether the champion's run trained on exactly these rows, by the digest every run
	 * records; {@code null} when its run does not say.
	 */
	private Boolean trainedOnTheseRows(ModelVersion champion, String dataSha256) {
		if (champion.runId() == null || champion.runId().isBlank()) {
			return null;
		}
		try {
			String recorded = this.tracking.getRun(champion.runId()).tags().get(ChampionScoring.DATASET_SHA256);
			return (recorded != null) ? recorded.equals(dataSha256) : null;
		}
		catch (MlflowNotFoundException ex) {
			return null;
		}
	}

}
