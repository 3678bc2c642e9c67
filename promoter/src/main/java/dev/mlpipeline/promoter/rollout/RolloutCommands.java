package dev.mlpipeline.promoter.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.command.CommandHandler;
import dev.mlpipeline.promoter.control.ProductionChange;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import dev.mlpipeline.promoter.promotion.DecisionApplier;

/**
 * Carries out rollout commands on the model's owner: an operator's stage and abort
 * (answered; a redelivered one finds its decision and decides nothing again), and the
 * live check each replica's timer sends, which finishes any interrupted move, puts the
 * challenger to its live gates, watches the champion, and hands the model's outbox to the
 * relay (nobody waits for its answer). Every replica's timer asks, so a model's owner may
 * get several checks per interval: one that comes less than half an interval after the
 * last check of the model is skipped, so the owner's work stays one check per model per
 * interval however many replicas ask (and a backlog of checks drains at once).
 */
@Component
class RolloutCommands implements CommandHandler {

	private final RolloutService rollouts;

	private final DecisionLog decisions;

	private final DecisionApplier applier;

	private final OutboxRelay relay;

	private final Duration gap;

	/** When each model was last checked here; an economy, never what decides. */
	private final Map<String, Instant> lastChecked = new ConcurrentHashMap<>();

	RolloutCommands(RolloutService rollouts, DecisionLog decisions, DecisionApplier applier, OutboxRelay relay,
			@Value("${promotion.rollout.check-interval:10s}") Duration interval) {
		this.rollouts = rollouts;
		this.decisions = decisions;
		this.applier = applier;
		this.relay = relay;
		this.gap = interval.dividedBy(2);
	}

	@Override
	public Set<String> actions() {
		return Set.of(PromotionRequested.STAGE, PromotionRequested.ABORT, PromotionRequested.CHECK);
	}

	@Override
	public ResponseEntity<?> handle(PromotionRequested command, String decisionId) {
		String name = command.modelName();
		if (PromotionRequested.CHECK.equals(command.action())) {
			Instant now = Instant.now();
			Instant last = this.lastChecked.get(name);
			if (last != null && now.isBefore(last.plus(this.gap))) {
				return null;
			}
			this.lastChecked.put(name, now);
			this.applier.settleInterruptedMoves(name);
			this.rollouts.check(name);
			this.rollouts.watch(name);
			this.relay.publish(name);
			return null;
		}
		return ProductionChange.answerOnce(this.relay, this.decisions, name, decisionId,
				() -> PromotionRequested.STAGE.equals(command.action())
						? this.rollouts.stage(name, command.version(), RolloutMode.parse(command.mode()),
								command.percent(), command.reason(), command.actor(), decisionId)
						: this.rollouts.abort(name, command.reason(), command.actor(), decisionId));
	}

}
