package dev.mlpipeline.promoter.promotion;

import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.policy.PolicySettings;

/**
 * What {@code GET /models/{name}} shows: who is in production, who it replaced, who is
 * rolled out beside it and how, which versions wait for approval, and the policy that
 * applies.
 *
 * @param model the registered model
 * @param alias the production alias
 * @param champion the production version, {@code null} when there is none
 * @param previousChampion the version a rollback returns to, {@code null} when none
 * @param challenger the version served beside the champion in a staged rollout,
 * {@code null} when none
 * @param rollout the challenger's rollout: as its latest {@code STAGED} decision says,
 * else (a challenger set by hand in the registry) as its {@code rollout} tag says, with
 * no {@code since}; {@code null} without a challenger
 * @param candidates versions that passed the policy and wait for an operator
 * @param policy the model's promotion policy
 */
public record ModelStatus(String model, String alias, VersionSummary champion, VersionSummary previousChampion,
		VersionSummary challenger, PromotionDecided.Rollout rollout, List<VersionSummary> candidates,
		PolicySettings policy) {

	/**
	 * One version in the status.
	 *
	 * @param version the version
	 * @param stage its registry stage
	 * @param runId the run that produced it
	 * @param source its artifact location
	 * @param metrics its metrics
	 * @param decision its latest decision, {@code null} when none
	 * @param aliases the aliases pointing at it
	 * @param decidedBy the actor of its latest decision: a user name or {@code policy}
	 */
	public record VersionSummary(String version, String stage, String runId, String source, Map<String, Double> metrics,
			DecisionOutcome decision, List<String> aliases, String decidedBy) {
	}

}
