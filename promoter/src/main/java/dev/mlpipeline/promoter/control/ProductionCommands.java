package dev.mlpipeline.promoter.control;

import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.command.CommandHandler;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import dev.mlpipeline.promoter.promotion.PromotionService;

/**
 * Carries out an operator's promotion or rollback on the model's owner; a command whose
 * decision is already recorded (a redelivery) answers with it and decides nothing again.
 */
@Component
class ProductionCommands implements CommandHandler {

	private final PromotionService promotions;

	private final DecisionLog decisions;

	private final OutboxRelay relay;

	ProductionCommands(PromotionService promotions, DecisionLog decisions, OutboxRelay relay) {
		this.promotions = promotions;
		this.decisions = decisions;
		this.relay = relay;
	}

	@Override
	public Set<String> actions() {
		return Set.of(PromotionRequested.PROMOTE, PromotionRequested.ROLLBACK);
	}

	@Override
	public ResponseEntity<?> handle(PromotionRequested command, String decisionId) {
		String name = command.modelName();
		return ProductionChange.answerOnce(this.relay, this.decisions, name, decisionId,
				() -> PromotionRequested.PROMOTE.equals(command.action())
						? this.promotions.promote(name, command.version(), command.reason(), command.actor(),
								decisionId)
						: this.promotions.rollback(name, command.version(), command.reason(), command.actor(),
								decisionId));
	}

}
