package dev.mlpipeline.promoter.rollout;

import java.time.Duration;
import java.util.List;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.promoter.PeriodicWork;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.command.CommandBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks for the live checks on a timer ({@code promotion.rollout.check-interval}): a
 * {@code check} command per registered model on {@code promotion-commands}, which the
 * model's owner carries out ({@link RolloutCommands}): an interrupted move finished, the
 * challenger put to its live gates, the champion watched, the outbox relayed. Every
 * replica asks, so checks go on while any replica runs; a check asked twice decides once
 * (the live decisions' ids derive from the decision they follow). One thread; a round
 * that cannot reach the registry or Kafka is logged and tried again at the next tick.
 */
@Component
class RolloutChecks extends PeriodicWork {

	private static final Logger logger = LoggerFactory.getLogger(RolloutChecks.class);

	private final ModelRegistry registry;

	private final CommandBus commands;

	RolloutChecks(ModelRegistry registry, CommandBus commands,
			@Value("${promotion.rollout.check-interval:10s}") Duration interval) {
		super("rollout-checks", interval);
		this.registry = registry;
		this.commands = commands;
	}

	/** One round: a check asked for every registered model. */
	@Override
	protected void runOnce() {
		List<String> models;
		try {
			models = this.registry.searchRegisteredModelNames();
		}
		catch (RuntimeException ex) {
			logger.warn("Live checks skipped, the registry is unavailable: {}", ex.getMessage());
			return;
		}
		for (String model : models) {
			try {
				this.commands.post(this.commands.command(model, PromotionRequested.CHECK, null, null, null, null,
						PromotionDecided.POLICY_ACTOR));
			}
			catch (RuntimeException ex) {
				logger.warn("Live checks skipped, Kafka did not take the check of model {}: {}", model,
						ex.getMessage());
				return;
			}
		}
	}

}
