package dev.mlpipeline.promoter.approval;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.command.CommandHandler;
import dev.mlpipeline.promoter.control.ProductionChange;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import dev.mlpipeline.promoter.promotion.DecisionApplier;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.RegistryState;
import dev.mlpipeline.promoter.promotion.UnknownModelException;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Rejects a version waiting for approval on the model's owner: a {@code REJECTED}
 * decision with the operator as its actor (cause {@code MANUAL}), audited and published
 * as every decision is; nothing moves in the registry. A redelivered command finds its
 * decision and decides nothing again.
 */
@Component
class RejectCommands implements CommandHandler {

	private final ModelRegistry registry;

	private final RegistryState state;

	private final DecisionLog decisions;

	private final DecisionApplier applier;

	private final OutboxRelay relay;

	RejectCommands(ModelRegistry registry, RegistryState state, DecisionLog decisions, DecisionApplier applier,
			OutboxRelay relay) {
		this.registry = registry;
		this.state = state;
		this.decisions = decisions;
		this.applier = applier;
		this.relay = relay;
	}

	@Override
	public Set<String> actions() {
		return Set.of(PromotionRequested.REJECT);
	}

	@Override
	public ResponseEntity<?> handle(PromotionRequested command, String decisionId) {
		String name = command.modelName();
		return ProductionChange.answerOnce(this.relay, this.decisions, name, decisionId, () -> {
			ModelVersion version = this.registry.findModelVersion(name, command.version())
				.orElseThrow(() -> new UnknownModelException(name, command.version()));
			Rejection.problem(name, version.version(), this.decisions.latest(version)).ifPresent((problem) -> {
				throw new PromotionConflictException(name, problem);
			});
			Optional<ModelVersion> champion = this.state.champion(name);
			return this.applier.apply(this.applier.decision(decisionId, version, champion, DecisionOutcome.REJECTED,
					PromotionCause.MANUAL, Rejection.reasons(version.version(),
							champion.map(ModelVersion::version).orElse(null), command.reason()),
					command.actor(), null, Instant.now()), version);
		});
	}

}
