package dev.mlpipeline.promoter.promotion;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

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
 * here, one model at a time.
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

	/**
	 * One monitor per model: listener, REST requests and rollout checks never interleave
	 * on one model.
	 */
	private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

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
	 * Runs work on one model with no other decision about it in between. Work that
	 * decides calls {@link #settleInterruptedMoves} first, so it sees the registry the
	 * last decision established.
	 * @param <T> the work's result
	 * @param model the registered model
	 * @param work reads the registry and applies at most a few decisions
	 * @return what the work returned
	 */
	public <T> T onModel(String model, Supplier<T> work) {
		synchronized (this.locks.computeIfAbsent(model, (key) -> new Object())) {
			return work.get();
		}
	}

	/**
	 * Records a decision and its events: outbox entries first, then the decision with its
	 * commit mark, then the registry moves. A crash before the mark leaves entries the
	 * relay never publishes; a crash after it leaves a recorded decision whose move the
	 * relay (or the next decision) finishes before its events go out. Call inside
	 * {@link #onModel}.
	 * @param decision the decision
	 * @param version the version it is about, as the registry has it
	 * @return the decision as stored
	 */
	public DecisionRecord apply(DecisionRecord decision, ModelVersion version) {
		DecisionRecord stored = this.decisions.fitted(decision);
		this.outbox.enqueue(stored.modelName(), stored.version(), stored.decisionId(),
				this.events.of(stored, version, true));
		this.decisions.record(stored);
		this.meters.counter("promoter.decisions", "outcome", stored.outcome().name(), "cause", stored.cause().name())
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
				actor, null, null, rollout);
	}

	/**
	 * Re-emits a recorded decision, and redoes its moves when no later decision
	 * superseded them. Call inside {@link #onModel}.
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
	 * is recorded. The events of a model's latest production or rollout change whose move
	 * a crash interrupted finish that move first.
	 * @param entry the pending entry
	 * @return {@code true} when the entry may be published
	 */
	@Override
	public boolean confirm(OutboxEntry entry) {
		synchronized (this.locks.computeIfAbsent(entry.model(), (key) -> new Object())) {
			return settle(entry);
		}
	}

	private boolean settle(OutboxEntry entry) {
		Optional<ModelVersion> version = this.registry.findModelVersion(entry.model(), entry.version());
		if (version.isEmpty() || !this.decisions.isRecorded(version.get(), entry.decisionId())) {
			return false;
		}
		Optional<DecisionRecord> decision = this.decisions.find(version.get(), entry.decisionId());
		if (decision.isEmpty()) {
			return false;
		}
		DecisionRecord recorded = decision.get();
		if (Topics.MODEL_PROMOTED.equals(entry.topic()) && recorded.changesProduction()
				&& isLatest(recorded, DecisionRecord::changesProduction)
				&& !isProduction(entry.model(), entry.version())) {
			logger.info("Model {} version {}: finishing the production move of decision {} that was interrupted",
					entry.model(), entry.version(), entry.decisionId());
			moveProduction(entry.model(), entry.version());
		}
		if (Topics.PROMOTION_DECISIONS.equals(entry.topic()) && recorded.changesChallenger()
				&& isLatest(recorded, DecisionRecord::changesChallenger)) {
			moveChallenger(recorded);
		}
		return true;
	}

	/**
	 * Finishes the moves of recorded decisions that a crash interrupted, so a new
	 * decision is taken against the registry the last one established. Call inside
	 * {@link #onModel}.
	 * @param name the registered model
	 */
	public void settleInterruptedMoves(String name) {
		this.outbox.pending(name).forEach(this::settle);
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
