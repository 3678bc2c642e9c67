package dev.mlpipeline.promoter.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The audit trail, kept in the registry itself so it survives restarts and needs no store
 * of its own: every decision is a {@code promotion.history.<decisionId>} tag (the whole
 * decision as JSON) on the version it is about, and the version's summary tags
 * ({@code promotion.decision}, {@code promotion.reasons}, ...) describe its latest
 * decision, with {@code promotion.decision_id} written last as the mark that the decision
 * is recorded.
 *
 * <p>
 * A version can collect several history tags over time (rejected, later promoted by hand,
 * rolled back to); the decisions of a model are the history tags of all its versions. One
 * tag per decision keeps every value small, unlike one growing log, and rewriting a
 * decision with the same id is idempotent.
 */
@Component
public class DecisionLog {

	/** Prefix of the history tags, one per decision. */
	public static final String HISTORY_PREFIX = "promotion.history.";

	/**
	 * Prefix of the tag saying when a production change reached every serving replica,
	 * one per decision, written once.
	 */
	public static final String SERVED_PREFIX = "promotion.served.";

	/** When the version's latest decision was taken. */
	public static final String DECIDED_AT = "promotion.decided_at";

	/** What triggered the version's latest decision. */
	public static final String CAUSE = "promotion.cause";

	/** Who took the version's latest decision: a user name, or {@code policy}. */
	public static final String ACTOR = "promotion.actor";

	/** The primary metric of the version's latest decision. */
	public static final String METRIC = "promotion.metric";

	/** The version's value of the primary metric. */
	public static final String CANDIDATE_VALUE = "promotion.candidate_value";

	/** The champion's value of the primary metric at the time. */
	public static final String CHAMPION_VALUE = "promotion.champion_value";

	/** The champion at the time. */
	public static final String CHAMPION_VERSION = "promotion.champion_version";

	/**
	 * How the version was compared with the champion: {@code paired-folds},
	 * {@code paired-holdout} or {@code unpaired}.
	 */
	public static final String COMPARISON = "promotion.comparison";

	/** The p-value of the paired comparison. */
	public static final String P_VALUE = "promotion.p_value";

	/** Written for a summary value that does not exist (no champion, no value). */
	static final String NONE = "none";

	/** Kept below MLflow's limit on model version tag values. */
	static final int MAX_TAG_VALUE = 5000;

	/**
	 * What a decision may take as JSON so that its event, inside an outbox envelope,
	 * still fits in a tag.
	 */
	static final int MAX_DECISION_VALUE = 4000;

	private static final int MAX_REASON = 500;

	private static final Logger logger = LoggerFactory.getLogger(DecisionLog.class);

	private final ModelRegistry registry;

	private final JsonMapper json = JsonMapper.builder().build();

	public DecisionLog(ModelRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Stores a decision on its version.
	 * @param decision the decision
	 */
	public void record(DecisionRecord decision) {
		String name = decision.modelName();
		String version = decision.version();
		this.registry.setModelVersionTag(name, version, HISTORY_PREFIX + decision.decisionId(), encode(decision));
		Map<String, String> summary = new LinkedHashMap<>();
		summary.put(ModelTags.DECISION, decision.outcome().name());
		summary.put(ModelTags.DECISION_REASONS, fit(String.join("\n", decision.reasons())));
		summary.put(CAUSE, decision.cause().name());
		summary.put(ACTOR, orNone(decision.actor()));
		summary.put(DECIDED_AT, decision.decidedAt().toString());
		summary.put(METRIC, decision.metric());
		summary.put(CANDIDATE_VALUE, orNone(decision.candidateValue()));
		summary.put(CHAMPION_VALUE, orNone(decision.championValue()));
		summary.put(CHAMPION_VERSION, orNone(decision.championVersion()));
		PromotionDecided.Comparison comparison = decision.comparison();
		summary.put(COMPARISON, (comparison != null) ? comparison.basis() : NONE);
		summary.put(P_VALUE, orNone((comparison != null) ? comparison.pValue() : null));
		summary.forEach((key, value) -> this.registry.setModelVersionTag(name, version, key, value));
		this.registry.setModelVersionTag(name, version, ModelTags.DECISION_ID, decision.decisionId());
	}

	/**
	 * The latest decision recorded on a version.
	 * @param version the version, with its tags
	 * @return the decision, empty when the promoter never decided about the version
	 */
	public Optional<DecisionRecord> latest(ModelVersion version) {
		String id = version.tags().get(ModelTags.DECISION_ID);
		if (id == null) {
			return Optional.empty();
		}
		return find(version, id);
	}

	/**
	 * Whether a decision is recorded on its version: its history tag exists and the
	 * version's {@code promotion.decision_id}, written last, names it or a later
	 * decision. A history tag without that mark belongs to a decision a crash
	 * interrupted.
	 * @param version the version, with its tags
	 * @param decisionId the decision
	 * @return {@code true} when the decision is recorded
	 */
	public boolean isRecorded(ModelVersion version, String decisionId) {
		Optional<DecisionRecord> decision = find(version, decisionId);
		if (decision.isEmpty()) {
			return false;
		}
		String marked = version.tags().get(ModelTags.DECISION_ID);
		if (decisionId.equals(marked)) {
			return true;
		}
		return latest(version).filter((latest) -> DecisionRecord.NEWEST_FIRST.compare(latest, decision.get()) < 0)
			.isPresent();
	}

	/**
	 * One decision stored on a version.
	 * @param version the version, with its tags
	 * @param decisionId the decision
	 * @return the decision, empty when the version holds no such history tag
	 */
	public Optional<DecisionRecord> find(ModelVersion version, String decisionId) {
		return Optional.ofNullable(version.tags().get(HISTORY_PREFIX + decisionId))
			.flatMap(this::decode)
			.map((decision) -> withServed(version, decision));
	}

	/**
	 * Records when a production change reached every serving replica, once: a second
	 * report of the same decision (another promoter replica's, say) changes nothing.
	 * @param version the decision's version, with its tags
	 * @param decisionId the decision
	 * @param served the replicas' report
	 * @return {@code true} when this call wrote it
	 */
	public boolean recordServed(ModelVersion version, String decisionId, DecisionRecord.Served served) {
		if (version.tags().containsKey(SERVED_PREFIX + decisionId)) {
			return false;
		}
		this.registry.setModelVersionTag(version.name(), version.version(), SERVED_PREFIX + decisionId,
				this.json.writeValueAsString(served));
		return true;
	}

	private DecisionRecord withServed(ModelVersion version, DecisionRecord decision) {
		String served = version.tags().get(SERVED_PREFIX + decision.decisionId());
		if (served == null) {
			return decision;
		}
		try {
			return decision.withServed(this.json.readValue(served, DecisionRecord.Served.class));
		}
		catch (JacksonException ex) {
			logger.warn("Skipping an unreadable served tag of decision {}: {}", decision.decisionId(),
					ex.getOriginalMessage());
			return decision;
		}
	}

	/**
	 * A decision as it will be stored: reasons shortened when the whole would not fit in
	 * a tag next to its event.
	 * @param decision the decision
	 * @return the decision, or a copy with shortened reasons
	 */
	public DecisionRecord fitted(DecisionRecord decision) {
		if (this.json.writeValueAsString(decision).length() <= MAX_DECISION_VALUE) {
			return decision;
		}
		return decode(encode(decision, MAX_DECISION_VALUE)).orElse(decision);
	}

	/**
	 * Every decision recorded on the given versions.
	 * @param versions the versions of one model, with their tags
	 * @return the decisions, newest first
	 */
	public List<DecisionRecord> history(List<ModelVersion> versions) {
		List<DecisionRecord> decisions = new ArrayList<>();
		for (ModelVersion version : versions) {
			version.tags()
				.entrySet()
				.stream()
				.filter((tag) -> tag.getKey().startsWith(HISTORY_PREFIX))
				.forEach((tag) -> decode(tag.getValue()).map((decision) -> withServed(version, decision))
					.ifPresent(decisions::add));
		}
		decisions.sort(DecisionRecord.NEWEST_FIRST);
		return decisions;
	}

	/**
	 * A decision about a model, wherever it is recorded.
	 * @param modelName the registered model
	 * @param decisionId the decision
	 * @return the decision, empty when none of the model's versions records it
	 */
	public Optional<DecisionRecord> find(String modelName, String decisionId) {
		for (ModelVersion version : this.registry.searchModelVersions(modelName)) {
			Optional<DecisionRecord> found = find(version, decisionId);
			if (found.isPresent() && isRecorded(version, decisionId)) {
				return found;
			}
		}
		return Optional.empty();
	}

	/**
	 * Every decision about a model, read from the registry.
	 * @param modelName the registered model
	 * @return the decisions, newest first
	 */
	public List<DecisionRecord> history(String modelName) {
		return history(this.registry.searchModelVersions(modelName));
	}

	String encode(DecisionRecord decision) {
		return encode(decision, MAX_TAG_VALUE);
	}

	private String encode(DecisionRecord decision, int limit) {
		String encoded = this.json.writeValueAsString(decision);
		if (encoded.length() <= limit) {
			return encoded;
		}
		List<String> shortened = decision.reasons()
			.stream()
			.map((reason) -> (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) + "..." : reason)
			.toList();
		// the per-fold values go first: the figures they give stay in the comparison
		PromotionDecided.Comparison comparison = (decision.comparison() != null) ? decision.comparison().withoutFolds()
				: null;
		while (true) {
			encoded = this.json.writeValueAsString(decision.with(shortened, comparison));
			if (encoded.length() <= limit || shortened.isEmpty()) {
				return encoded;
			}
			shortened = shortened.subList(0, shortened.size() - 1);
		}
	}

	Optional<DecisionRecord> decode(String value) {
		try {
			return Optional.of(this.json.readValue(value, DecisionRecord.class));
		}
		catch (JacksonException ex) {
			logger.warn("Skipping an unreadable decision tag: {}", ex.getOriginalMessage());
			return Optional.empty();
		}
	}

	private static String fit(String value) {
		return (value.length() <= MAX_TAG_VALUE) ? value : value.substring(0, MAX_TAG_VALUE - 3) + "...";
	}

	private static String orNone(Object value) {
		return (value != null) ? value.toString() : NONE;
	}

}
