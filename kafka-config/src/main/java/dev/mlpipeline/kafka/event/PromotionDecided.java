package dev.mlpipeline.kafka.event;

import java.time.Instant;
import java.util.List;

/**
 * The promoter decided about a version: the audit record of every decision.
 *
 * @param eventId unique id of this event
 * @param modelName registered model name (also the record key)
 * @param version the version decided about
 * @param outcome what the decision did
 * @param reasons one human-readable line per policy gate, or the operator's reason
 * @param metric the primary metric the policy compared
 * @param candidateValue the version's value of that metric, {@code null} when unknown
 * @param championValue the champion's value of that metric, {@code null} without a
 * champion
 * @param championVersion the production version when the decision was taken, may be
 * {@code null}
 * @param cause what triggered the decision
 * @param decidedAt when the decision was taken
 * @param actor who took it: the operator's user name for an operator's action,
 * {@code policy} for the promotion policy
 */
public record PromotionDecided(String eventId, String modelName, String version, PromotionOutcome outcome,
		List<String> reasons, String metric, Double candidateValue, Double championValue, String championVersion,
		PromotionCause cause, Instant decidedAt, String actor) {

	/** The actor of a decision the promotion policy took. */
	public static final String POLICY_ACTOR = "policy";

}
