package dev.mlpipeline.promoter.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;

/**
 * One decision of the promoter about one version, as stored on the version in the
 * registry and listed by {@code GET /models/{name}/decisions}.
 *
 * @param decisionId the decision's id, also the id of its {@code PromotionDecided} event
 * @param modelName the registered model
 * @param version the version decided about
 * @param outcome what the decision did
 * @param cause what triggered it
 * @param reasons one human-readable line per policy gate, or the operator's action
 * @param metric the primary metric of the model's policy
 * @param candidateValue the version's value of that metric, {@code null} when unknown
 * @param championValue the champion's value, {@code null} without a champion or value
 * @param championVersion the production version when the decision was taken, may be
 * {@code null}
 * @param decidedAt when the decision was taken
 * @param actor who took it: the signed-in operator's user name, or
 * {@link PromotionDecided#POLICY_ACTOR} for the policy; {@code null} in decisions
 * recorded before actors were
 * @param comparison how the candidate compared with the champion ({@code paired-folds},
 * {@code paired-holdout} with the p-value, or {@code unpaired}); {@code null} without a
 * champion, for an operator's action and in decisions recorded before comparisons were
 * @param cost the scoring cost of the candidate and the champion the trainer measured,
 * {@code null} when not measured or for an operator's action
 * @param rollout the challenger's rollout stage the decision is about (entered, passed,
 * or dropped from), {@code null} for a decision about production alone
 * @param served for a decision that moved production, when every live serving replica
 * served its version; {@code null} until then (and for other decisions)
 */
public record DecisionRecord(String decisionId, String modelName, String version, DecisionOutcome outcome,
		PromotionCause cause, List<String> reasons, String metric, Double candidateValue, Double championValue,
		String championVersion, Instant decidedAt, String actor, PromotionDecided.Comparison comparison,
		PromotionDecided.Cost cost, PromotionDecided.Rollout rollout, Served served) {

	/** Newest first; ties broken by id so the order is stable. */
	public static final Comparator<DecisionRecord> NEWEST_FIRST = Comparator
		.comparing(DecisionRecord::decidedAt, Comparator.reverseOrder())
		.thenComparing(DecisionRecord::decisionId, Comparator.reverseOrder());

	public DecisionRecord {
		reasons = (reasons != null) ? List.copyOf(reasons) : List.of();
	}

	/**
	 * Adds an operator's own reason to a decision's reason lines, as {@code note: ...}.
	 * @param reasons the reason lines
	 * @param note the operator's reason, {@code null} or blank for none
	 */
	public static void addNote(List<String> reasons, String note) {
		if (note != null && !note.isBlank()) {
			reasons.add("note: " + note.strip());
		}
	}

	/**
	 * The id of the decision taken for a {@code ModelRegistered} event: derived from the
	 * event id, so a redelivered event maps to the same decision and the same event ids.
	 * @param registeredEventId the {@code ModelRegistered} event id
	 * @return a name-based UUID
	 */
	public static String idFor(String registeredEventId) {
		return nameUuid("promotion-decision:" + registeredEventId);
	}

	/**
	 * The id of the decision a command takes: derived from the command id, so a
	 * redelivered command finds its decision taken and takes no other.
	 * @param commandId the {@code PromotionRequested} command id
	 * @return a name-based UUID
	 */
	public static String idForCommand(String commandId) {
		return nameUuid("command-decision:" + commandId);
	}

	/**
	 * The id of a decision the live gates take after an earlier decision: derived from
	 * both, so a check that runs twice (or on two instances) takes the same decision.
	 * @param earlierDecisionId the decision that staged or promoted the version
	 * @param step what the live gates concluded ({@code advance}, {@code promote},
	 * {@code roll-back}, {@code watch})
	 * @return a name-based UUID
	 */
	public static String liveIdFor(String earlierDecisionId, String step) {
		return nameUuid("live-decision:" + earlierDecisionId + ":" + step);
	}

	/**
	 * The id of the {@code ModelPromoted} event of this decision, derived from the
	 * decision id so a re-emitted event carries the same id.
	 * @return a name-based UUID
	 */
	public String promotedEventId() {
		return nameUuid("model-promoted:" + this.decisionId);
	}

	/**
	 * The audit event of this decision.
	 * @return the event, empty while the version waits for approval
	 */
	public Optional<PromotionDecided> toEvent() {
		return this.outcome.toEvent()
			.map((published) -> new PromotionDecided(this.decisionId, this.modelName, this.version, published,
					this.reasons, this.metric, this.candidateValue, this.championValue, this.championVersion,
					this.cause, this.decidedAt, this.actor, this.comparison, this.cost, this.rollout));
	}

	/**
	 * This decision with other reasons and comparison, for a record that must shrink.
	 * @param shorter the reasons
	 * @param compared the comparison
	 * @return the copy
	 */
	public DecisionRecord with(List<String> shorter, PromotionDecided.Comparison compared) {
		return new DecisionRecord(this.decisionId, this.modelName, this.version, this.outcome, this.cause, shorter,
				this.metric, this.candidateValue, this.championValue, this.championVersion, this.decidedAt, this.actor,
				compared, this.cost, this.rollout, this.served);
	}

	/**
	 * This decision with when every replica served it.
	 * @param everywhere the replicas' report, {@code null} for none
	 * @return the copy
	 */
	public DecisionRecord withServed(Served everywhere) {
		return new DecisionRecord(this.decisionId, this.modelName, this.version, this.outcome, this.cause, this.reasons,
				this.metric, this.candidateValue, this.championValue, this.championVersion, this.decidedAt, this.actor,
				this.comparison, this.cost, this.rollout, everywhere);
	}

	/**
	 * Whether the decision put its version in production: a promotion, or a rollback of
	 * production to the version; never a decision about a challenger's rollout but its
	 * promotion.
	 * @return {@code true} when production moved to this decision's version
	 */
	public boolean changesProduction() {
		return this.outcome == DecisionOutcome.PROMOTED
				|| (this.outcome == DecisionOutcome.ROLLED_BACK && this.rollout == null);
	}

	/**
	 * Whether the decision changed the model's challenger: staged it (or moved it to its
	 * next stage), dropped it, or promoted it out of its rollout.
	 * @return {@code true} for a decision about a rollout
	 */
	public boolean changesChallenger() {
		return this.rollout != null;
	}

	private static String nameUuid(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * When a production change reached every serving replica: the moment the last live
	 * replica reported it had loaded the decision's version.
	 *
	 * @param replicas how many live replicas served it then
	 * @param millis from the decision to that last load (the replicas' clocks against the
	 * promoter's)
	 * @param at that last load
	 */
	public record Served(int replicas, long millis, Instant at) {
	}

}
