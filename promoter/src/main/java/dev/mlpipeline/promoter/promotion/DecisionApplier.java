package dev.mlpipeline.promoter.promotion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.promoter.PromotionProperties;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.outbox.Outbox;
import dev.mlpipeline.promoter.outbox.OutboxEntry;
import dev.mlpipeline.promoter.outbox.OutboxGuard;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Records decisions and carries out what they change in the registry, always in the same
 * order: the decision's events are written to the outbox, the decision is written on the
 * version (its {@code promotion.decision_id} last, the commit mark of both), then the
 * registry's markers are moved: the production alias and stage for a production change,
 * the challenger alias and the version's {@code rollout} tag for a rollout's. The outbox
 * relay publishes the events of recorded decisions only, and finishes a move a crash
 * interrupted before it publishes, so an event announces what the registry holds. Every
 * writer of decisions (the policy, the operator's controls, the rollouts) goes through
 * here, on the one consumer thread that owns the model's partition of
 * {@code model-registered} and {@code promotion-commands}: no lock orders them, Kafka
 * does. The relay, on its own thread (and on other replicas), only reads: it publishes
 * the events of a decision whose moves are done, and leaves an interrupted move to the
 * model's owner ({@link #settleInterruptedMoves}, before each decision and at each live
 * check).
 */
@Component
public class DecisionApplier implements OutboxGuard {

	private static final Logger logger = LoggerFactory.getLogger(DecisionApplier.class);

	private final ModelRegistry registry;

	private final RegistryState state;

	private final DecisionLog decisions;

	private final PromotionEvents events;

	private final Outbox outbox;

	private final PromotionProperties properties;

	private final MeterRegistry meters;

	DecisionApplier(ModelRegistry registry, RegistryState state, DecisionLog decisions, PromotionEvents events,
			Outbox outbox, PromotionProperties properties, MeterRegistry meters) {
		this.registry = registry;
		this.state = state;
		this.decisions = decisions;
		this.events = events;
		this.outbox = outbox;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Records a decision and its events: outbox entries first, then the decision with its
	 * commit mark, then the registry moves. A crash before the mark leaves entries the
	 * relay never publishes; a crash after it leaves a recorded decision whose move the
	 * relay publishes only once the model's owner (the next decision, or the next live
	 * check) has finished it. Call on the model's owner.
	 * @param decision the decision
	 * @param version the version it is about, as the registry has it
	 * @return the decision as stored
	 */
	public DecisionRecord apply(DecisionRecord decision, ModelVersion version) {
		DecisionRecord stored = this.decisions.fitted(decision);
		this.outbox.enqueue(stored.modelName(), stored.version(), stored.decisionId(),
				this.events.of(stored, version, true));
		this.decisions.record(stored);
		this.meters
			.counter("promoter.decisions", "model", stored.modelName(), "outcome", stored.outcome().name(), "cause",
					stored.cause().name())
			.increment();
		if (stored.changesProduction()) {
			moveProduction(stored.modelName(), stored.version());
		}
		if (stored.changesChallenger()) {
			moveChallenger(stored);
		}
		return stored;
	}

	/**
	 * A decision taken outside the policy (an operator's, or the live gates'): the
	 * primary metric of the target and of the champion as the registry has them, no
	 * comparison or cost.
	 * @param id the decision's id
	 * @param target the version decided about
	 * @param champion the production version at the time
	 * @param outcome what the decision does
	 * @param cause what triggered it
	 * @param reasons its reason lines
	 * @param actor who took it
	 * @param rollout the rollout stage it is about, {@code null} for production alone
	 * @param at when it was taken
	 * @return the decision, not yet applied
	 */
	public DecisionRecord decision(String id, ModelVersion target, Optional<ModelVersion> champion,
			DecisionOutcome outcome, PromotionCause cause, List<String> reasons, String actor,
			PromotionDecided.Rollout rollout, Instant at) {
		String metric = this.properties.policyFor(target.name()).metric();
		Double candidateValue = this.state.contender(target).metric(metric).orElse(null);
		Double championValue = champion.flatMap((c) -> this.state.contender(c).metric(metric)).orElse(null);
		return new DecisionRecord(id, target.name(), target.version(), outcome, cause, reasons, metric, candidateValue,
				championValue, champion.map(ModelVersion::version).orElse(null), at.truncatedTo(ChronoUnit.MILLIS),
				actor, null, null, rollout, null);
	}

	/**
	 * Re-emits a recorded decision, and redoes its moves when no later decision
	 * superseded them. Call on the model's owner.
	 * @param recorded the decision found on the version
	 * @param version the version, as the registry has it
	 */
	void redeliver(DecisionRecord recorded, ModelVersion version) {
		logger.info("Model {} version {} was already decided ({}, decision {}); re-emitting it", recorded.modelName(),
				recorded.version(), recorded.outcome(), recorded.decisionId());
		boolean production = recorded.changesProduction() && isLatest(recorded, DecisionRecord::changesProduction);
		this.outbox.enqueue(recorded.modelName(), recorded.version(), recorded.decisionId(),
				this.events.of(recorded, version, production));
		if (production) {
			moveProduction(recorded.modelName(), recorded.version());
		}
		if (recorded.changesChallenger() && isLatest(recorded, DecisionRecord::changesChallenger)) {
			moveChallenger(recorded);
		}
	}

	/**
	 * Whether the relay may publish an outbox entry: only when the decision that owes it
	 * is recorded and, for a model's latest production or rollout change, its move is
	 * done; a move a crash interrupted is left to the model's owner, never made here.
	 * @param entry the pending entry
	 * @return publish, wait, or skip
	 */
	@Override
	public Confirmation confirm(OutboxEntry entry) {
		Optional<DecisionRecord> recorded = recorded(entry);
		if (recorded.isEmpty()) {
			return Confirmation.SKIP;
		}
		return settle(entry, recorded.get(), false) ? Confirmation.PUBLISH : Confirmation.WAIT;
	}

	/** The decision that owes an entry, when it is recorded on its version. */
	private Optional<DecisionRecord> recorded(OutboxEntry entry) {
		return this.registry.findModelVersion(entry.model(), entry.version())
			.filter((version) -> this.decisions.isRecorded(version, entry.decisionId()))
			.flatMap((version) -> this.decisions.find(version, entry.decisionId()));
	}

	/**
	 * Whether a recorded decision's moves are done for an entry; with {@code finish}, an
	 * unfinished move of the model's latest change is finished first (only the model's
	 * owner may), else the entry waits for it.
	 */
	private boolean settle(OutboxEntry entry, DecisionRecord recorded, boolean finish) {
		if (Topics.MODEL_PROMOTED.equals(entry.topic()) && recorded.changesProduction()
				&& isLatest(recorded, DecisionRecord::changesProduction)
				&& !isProduction(entry.model(), entry.version())) {
			if (!finish) {
				return false;
			}
			logger.info("Model {} version {}: finishing the production move of decision {} that was interrupted",
					entry.model(), entry.version(), entry.decisionId());
			moveProduction(entry.model(), entry.version());
		}
		if (Topics.PROMOTION_DECISIONS.equals(entry.topic()) && recorded.changesChallenger()
				&& isLatest(recorded, DecisionRecord::changesChallenger) && !isChallengerMoved(recorded)) {
			if (!finish) {
				return false;
			}
			moveChallenger(recorded);
		}
		return true;
	}

	/** Whether the challenger alias and tag are where a rollout decision put them. */
	private boolean isChallengerMoved(DecisionRecord decision) {
		Optional<ModelVersion> challenger = this.state.challenger(decision.modelName());
		if (decision.outcome() == DecisionOutcome.STAGED) {
			return challenger
				.filter((version) -> version.version().equals(decision.version())
						&& decision.rollout().tag().equals(version.tags().get(RegistryState.ROLLOUT_TAG)))
				.isPresent();
		}
		return challenger.filter((version) -> version.version().equals(decision.version())).isEmpty();
	}

	/**
	 * Finishes the moves of recorded decisions that a crash interrupted, so a new
	 * decision is taken against the registry the last one established. Call on the
	 * model's owner.
	 * @param name the registered model
	 */
	public void settleInterruptedMoves(String name) {
		this.outbox.pending(name)
			.forEach((entry) -> recorded(entry).ifPresent((decision) -> settle(entry, decision, true)));
	}

	private boolean isProduction(String name, String version) {
		return this.state.champion(name)
			.filter((champion) -> champion.version().equals(version)
					&& this.properties.stage().equals(champion.currentStage()))
			.isPresent();
	}

	private boolean isLatest(DecisionRecord recorded, Predicate<DecisionRecord> kind) {
		return this.decisions.history(recorded.modelName())
			.stream()
			.filter(kind)
			.findFirst()
			.map((latest) -> latest.decisionId().equals(recorded.decisionId()))
			.orElse(false);
	}

	/**
	 * Makes a version the production version, and ends its rollout if it was the
	 * challenger; idempotent, so a redelivery can finish a move that a crash interrupted.
	 */
	private void moveProduction(String name, String version) {
		Optional<ModelVersion> holder = this.state.champion(name);
		if (holder.isEmpty() || !holder.get().version().equals(version)) {
			holder.ifPresent(
					(previous) -> this.registry.setAlias(name, this.properties.previousAlias(), previous.version()));
			this.registry.setAlias(name, this.properties.alias(), version);
		}
		this.registry.transitionStage(name, version, this.properties.stage(), true);
		dropChallenger(name, version);
	}

	/**
	 * Serves a staged version as the challenger (its {@code rollout} tag first, then the
	 * alias serving follows), or ends its rollout; idempotent.
	 */
	private void moveChallenger(DecisionRecord decision) {
		String name = decision.modelName();
		if (decision.outcome() == DecisionOutcome.STAGED) {
			PromotionDecided.Rollout rollout = decision.rollout();
			this.registry.setModelVersionTag(name, decision.version(), RegistryState.ROLLOUT_TAG, rollout.tag());
			this.registry.setAlias(name, this.properties.challengerAlias(), decision.version());
		}
		else {
			dropChallenger(name, decision.version());
		}
	}

	private void dropChallenger(String name, String version) {
		if (this.state.challenger(name).filter((challenger) -> challenger.version().equals(version)).isPresent()) {
			this.registry.deleteAlias(name, this.properties.challengerAlias());
		}
	}

}
