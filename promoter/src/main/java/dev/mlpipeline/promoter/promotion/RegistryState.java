package dev.mlpipeline.promoter.promotion;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.MlflowInvalidParameterException;
import dev.mlpipeline.mlflow.MlflowNotFoundException;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.promoter.PromotionProperties;
import dev.mlpipeline.promoter.policy.Contender;
import dev.mlpipeline.promoter.policy.SchemaCheck;
import dev.mlpipeline.promoter.policy.SchemaComparison;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.stereotype.Component;

/**
 * Reads what the policy needs from the registry, never from memory, so a restarted
 * promoter sees the same champion, metrics and schemas: the champion is the version
 * behind the alias (else the latest in the production stage), metrics come from the
 * version's {@code metric.*} tags and its run (never from an event), schemas from the
 * version's files where the registry's download URI says they are.
 */
@Component
public class RegistryState {

	/** The version tag serving reads a challenger's rollout from. */
	public static final String ROLLOUT_TAG = "rollout";

	private static final Logger logger = LoggerFactory.getLogger(RegistryState.class);

	private final ModelRegistry registry;

	private final MlflowTracking tracking;

	private final VerifiedModelFiles files;

	private final PromotionProperties properties;

	RegistryState(ModelRegistry registry, MlflowTracking tracking, VerifiedModelFiles files,
			PromotionProperties properties) {
		this.registry = registry;
		this.tracking = tracking;
		this.files = files;
		this.properties = properties;
	}

	/**
	 * The production version.
	 * @param model the registered model
	 * @return the version behind the alias, else the latest in the production stage
	 */
	public Optional<ModelVersion> champion(String model) {
		return this.registry.findVersionByAlias(model, this.properties.alias())
			.or(() -> this.registry.findLatestInStage(model, this.properties.stage()));
	}

	/**
	 * The version the last promotion replaced.
	 * @param model the registered model
	 * @return the version behind the previous alias
	 */
	public Optional<ModelVersion> previousChampion(String model) {
		return this.registry.findVersionByAlias(model, this.properties.previousAlias());
	}

	/**
	 * The version in a staged rollout, served beside the champion.
	 * @param model the registered model
	 * @return the version behind the challenger alias
	 */
	public Optional<ModelVersion> challenger(String model) {
		return this.registry.findVersionByAlias(model, this.properties.challengerAlias());
	}

	/**
	 * The rollout a version's {@code rollout} tag names, for a challenger made so by hand
	 * in the registry, which no decision staged.
	 * @param challenger the version behind the challenger alias
	 * @param since when to say the rollout began, {@code null} when unknown
	 * @return a rollout whose mode is its stage: {@code shadow} (also for a missing tag)
	 * or {@code canary} with the tag's percent ({@code 0} when it cannot be read)
	 */
	public static PromotionDecided.Rollout rolloutOfTag(ModelVersion challenger, Instant since) {
		String tag = challenger.tags().getOrDefault(ROLLOUT_TAG, PromotionDecided.Rollout.SHADOW);
		boolean canary = tag.startsWith(PromotionDecided.Rollout.CANARY);
		int percent = 0;
		if (canary) {
			try {
				percent = (int) Math.round(Double.parseDouble(tag.substring(tag.indexOf(':') + 1).replace("%", "")));
			}
			catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
				percent = 0;
			}
		}
		String stage = canary ? PromotionDecided.Rollout.CANARY : PromotionDecided.Rollout.SHADOW;
		return new PromotionDecided.Rollout(stage, stage, percent, since);
	}

	/**
	 * A version as the policy sees it, every figure read from the registry and never from
	 * an event: the version's {@code metric.*} tags, gaps filled from its run's metrics.
	 * @param version the version
	 * @return the contender
	 */
	public Contender contender(ModelVersion version) {
		return new Contender(version.version(), metrics(version));
	}

	/**
	 * The metrics of a version as the registry has them.
	 * @param version the version
	 * @return the {@code metric.*} tags, gaps filled from the run's metrics
	 */
	Map<String, Double> metrics(ModelVersion version) {
		Map<String, Double> metrics = new HashMap<>(runMetrics(version));
		metrics.putAll(tagMetrics(version));
		return metrics;
	}

	/**
	 * Compares the candidate's schema with the champion's.
	 * @param candidate the candidate version
	 * @param champion the champion version
	 * @return the comparison, unknown when either schema is missing or unreadable
	 */
	SchemaCheck compareSchemas(ModelVersion candidate, ModelVersion champion) {
		Optional<FeatureSchema> mine = schema(candidate);
		Optional<FeatureSchema> theirs = schema(champion);
		if (mine.isEmpty() || theirs.isEmpty()) {
			String missing = (mine.isEmpty() && theirs.isEmpty()) ? "neither version has a readable "
					: (mine.isEmpty() ? "the candidate has no readable " : "the champion has no readable ");
			return SchemaCheck.unknown(missing + ModelArtifacts.SCHEMA_FILE);
		}
		return SchemaComparison.compare(mine.get(), theirs.get());
	}

	/**
	 * The candidate and its champion scored on the same evaluation, as the trainer
	 * recorded it on the version's run ({@link PairedEvaluation#FILE}).
	 * @param version the candidate version
	 * @return the paired evaluation, empty when the run has none (older runs, a champion
	 * the trainer could not score) or it cannot be read
	 */
	Optional<PairedEvaluation> pairedEvaluation(ModelVersion version) {
		if (version.runId() == null || version.runId().isBlank()) {
			return Optional.empty();
		}
		try {
			String artifacts = this.tracking.getRun(version.runId()).artifactUri();
			return this.files.readLayoutFile(artifacts, PairedEvaluation.FILE).map(PairedEvaluation::read);
		}
		catch (MlflowNotFoundException | MlflowInvalidParameterException ex) {
			return Optional.empty();
		}
		catch (JacksonException ex) {
			logger.warn("Model {} version {}: unreadable {}, compared unpaired: {}", version.name(), version.version(),
					PairedEvaluation.FILE, ex.getOriginalMessage());
			return Optional.empty();
		}
	}

	private Optional<FeatureSchema> schema(ModelVersion version) {
		try {
			// where the registry says the files are: a run's model/ directory, or
			// an MLflow 3 LoggedModel's artifacts (a models:/ source names no path)
			String location = this.registry.getDownloadUri(version.name(), version.version());
			return this.files.readLayoutFile(location, ModelArtifacts.SCHEMA_FILE).map(FeatureSchema::read);
		}
		catch (MlflowNotFoundException | MlflowInvalidParameterException | JacksonException ex) {
			return Optional.empty();
		}
	}

	private static Map<String, Double> tagMetrics(ModelVersion version) {
		Map<String, Double> metrics = new HashMap<>();
		version.tags().forEach((key, value) -> {
			if (key.startsWith(ModelTags.METRIC_PREFIX)) {
				try {
					metrics.put(key.substring(ModelTags.METRIC_PREFIX.length()), Double.valueOf(value));
				}
				catch (NumberFormatException ex) {
					// a tag that is not a number is no metric value
				}
			}
		});
		return metrics;
	}

	private Map<String, Double> runMetrics(ModelVersion version) {
		if (version.runId() == null || version.runId().isBlank()) {
			return Map.of();
		}
		try {
			return this.tracking.getRun(version.runId()).metrics();
		}
		catch (MlflowNotFoundException ex) {
			return Map.of();
		}
	}

}
