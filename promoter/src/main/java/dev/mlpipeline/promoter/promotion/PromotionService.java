package dev.mlpipeline.promoter.promotion;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
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
import dev.mlpipeline.promoter.policy.Contender;
import dev.mlpipeline.promoter.policy.Decision;
import dev.mlpipeline.promoter.policy.PolicySettings;
import dev.mlpipeline.promoter.policy.PromotionPolicy;
import dev.mlpipeline.promoter.policy.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Turns registrations and operator requests into recorded decisions and production
 * changes, always in the same order: the decision's events are written to the outbox, the
 * decision is written on the version (its {@code promotion.decision_id} last, the commit
 * mark of both), then the registry's alias and stage are moved; the outbox relay
 * publishes the events of recorded decisions only. A redelivered registration finds its
 * decision on the version and re-emits it instead of deciding again.
 */
@Service
public class PromotionService implements OutboxGuard {

	private static final Logger logger = LoggerFactory.getLogger(PromotionService.class);

	private static final String ARTIFACT_PASS = "artifact: pass (model file matches its SHA-256 and passes the allow-list)";

	private final ModelRegistry registry;

	private final RegistryState state;

	private final DecisionLog decisions;

	private final PromotionPolicy policy;

	private final PromotionEvents events;

	private final Outbox outbox;

	private final ArtifactCheck artifacts;

	private final PromotionProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	/**
	 * One monitor per model: listener and REST requests never interleave on one model.
	 */
	private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

	PromotionService(ModelRegistry registry, RegistryState state, DecisionLog decisions, PromotionPolicy policy,
			PromotionEvents events, Outbox outbox, ArtifactCheck artifacts, PromotionProperties properties, Clock clock,
			MeterRegistry meters) {
		this.registry = registry;
		this.state = state;
		this.decisions = decisions;
		this.policy = policy;
		this.events = events;
		this.outbox = outbox;
		this.artifacts = artifacts;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Decides about a registered version, or re-emits the decision already recorded on
	 * it.
	 * @param event the registration
	 * @throws RejectedEventException when the event is malformed, names a version the
	 * registry does not have, or claims what the registry contradicts (its details name
	 * each disagreement)
	 */
	void onRegistered(ModelRegistered event) {
		requireWellFormed(event);
		String name = event.modelName();
		synchronized (lockFor(name)) {
			ModelVersion version = this.registry.findModelVersion(name, event.version())
				.orElseThrow(() -> new RejectedEventException(
						"Model " + name + " version " + event.version() + " is not in the registry"));
			if (ModelVersion.FAILED_REGISTRATION.equals(version.status())) {
				throw new RejectedEventException(
						"Model " + name + " version " + event.version() + " failed registration");
			}
			Map<String, Double> metrics = this.state.metrics(version);
			Map<String, String> differences = RegistrationClaims.disagreements(event, version, metrics);
			if (!differences.isEmpty()) {
				throw new RejectedEventException(RegistrationClaims.message(event, differences), differences);
			}
			Optional<DecisionRecord> recorded = this.decisions.latest(version);
			if (recorded.isPresent()) {
				redeliver(recorded.get(), version);
			}
			else {
				settleInterruptedMove(name);
				decide(event, version, metrics);
			}
		}
	}

	/**
	 * Promotes a version by hand, skipping the policy's gates.
	 * @param name the registered model
	 * @param version the version to promote
	 * @param note the operator's reason, may be {@code null}
	 * @param actor the signed-in operator, recorded as the decision's actor
	 * @return the recorded decision
	 * @throws UnknownModelException when the model or version does not exist
	 * @throws PromotionConflictException when the version is already in production
	 * @throws ArtifactRejectedException when the version's model file fails the check
	 * @throws ArtifactUnavailableException when MLflow could not serve the model file
	 */
	public DecisionRecord promote(String name, String version, String note, String actor) {
		synchronized (lockFor(name)) {
			requireModel(name);
			ModelVersion target = this.registry.findModelVersion(name, version)
				.orElseThrow(() -> new UnknownModelException(name, version));
			settleInterruptedMove(name);
			Optional<ModelVersion> champion = this.state.champion(name);
			if (champion.isPresent() && champion.get().version().equals(version)) {
				throw new PromotionConflictException(name,
						"Model " + name + " version " + version + " is already the champion");
			}
			List<String> reasons = new ArrayList<>();
			boolean pending = this.decisions.latest(target)
				.filter((decision) -> decision.outcome() == DecisionOutcome.PENDING_APPROVAL)
				.isPresent();
			reasons.add(pending ? "approval: approved by an operator" : "manual: promoted by an operator");
			reasons.add("gates: skipped for a manual promotion");
			reasons.add(requireSoundArtifact(target));
			addNote(reasons, note);
			DecisionRecord decision = operatorDecision(name, target, champion, DecisionOutcome.PROMOTED,
					PromotionCause.MANUAL, reasons, actor);
			return apply(decision, target);
		}
	}

	/**
	 * Moves production back to the previous champion, or to a given version.
	 * @param name the registered model
	 * @param version the version to return to, {@code null} for the previous champion
	 * @param note the operator's reason, may be {@code null}
	 * @param actor the signed-in operator, recorded as the decision's actor
	 * @return the recorded decision
	 * @throws UnknownModelException when the model or the given version does not exist
	 * @throws PromotionConflictException when there is nothing to roll back to
	 * @throws ArtifactRejectedException when the target's model file fails the check
	 * @throws ArtifactUnavailableException when MLflow could not serve the model file
	 */
	public DecisionRecord rollback(String name, String version, String note, String actor) {
		synchronized (lockFor(name)) {
			requireModel(name);
			settleInterruptedMove(name);
			Optional<ModelVersion> champion = this.state.champion(name);
			ModelVersion target = (version != null)
					? this.registry.findModelVersion(name, version)
						.orElseThrow(() -> new UnknownModelException(name, version))
					: this.state.previousChampion(name)
						.orElseThrow(() -> new PromotionConflictException(name,
								"Model " + name + " has nothing to roll back to: no version holds the alias "
										+ this.properties.previousAlias()));
			if (champion.isPresent() && champion.get().version().equals(target.version())) {
				throw new PromotionConflictException(name, "Model " + name + " has nothing to roll back to: version "
						+ target.version() + " is already the champion");
			}
			List<String> reasons = new ArrayList<>();
			reasons.add("rollback: production moved back to version " + target.version()
					+ champion.map((c) -> " from version " + c.version()).orElse(""));
			reasons.add(requireSoundArtifact(target));
			addNote(reasons, note);
			DecisionRecord decision = operatorDecision(name, target, champion, DecisionOutcome.ROLLED_BACK,
					PromotionCause.ROLLBACK, reasons, actor);
			return apply(decision, target);
		}
	}

	/**
	 * The model's production state as the registry has it.
	 * @param name the registered model
	 * @return the status
	 * @throws UnknownModelException when the model does not exist
	 */
	public ModelStatus status(String name) {
		requireModel(name);
		Optional<ModelVersion> champion = this.state.champion(name);
		Optional<ModelVersion> previous = this.state.previousChampion(name);
		List<ModelStatus.VersionSummary> candidates = this.registry.searchModelVersions(name)
			.stream()
			.filter((version) -> champion.map((c) -> !c.version().equals(version.version())).orElse(true))
			.filter((version) -> this.decisions.latest(version)
				.filter((decision) -> decision.outcome() == DecisionOutcome.PENDING_APPROVAL)
				.isPresent())
			.sorted((a, b) -> PromotionPolicy.compareVersions(b.version(), a.version()))
			.map(this::summary)
			.toList();
		return new ModelStatus(name, this.properties.alias(), champion.map(this::summary).orElse(null),
				previous.map(this::summary).orElse(null), candidates, this.properties.policyFor(name));
	}

	/**
	 * Every decision about a model, newest first.
	 * @param name the registered model
	 * @return the decisions
	 * @throws UnknownModelException when the model does not exist
	 */
	public List<DecisionRecord> decisions(String name) {
		requireModel(name);
		return this.decisions.history(name);
	}

	/**
	 * Whether the relay may publish an outbox entry: only when the decision that owes it
	 * is recorded. A {@code ModelPromoted} of the model's latest production change whose
	 * move a crash interrupted finishes that move first, so the event announces what the
	 * registry holds.
	 * @param entry the pending entry
	 * @return {@code true} when the entry may be published
	 */
	@Override
	public boolean confirm(OutboxEntry entry) {
		synchronized (lockFor(entry.model())) {
			Optional<ModelVersion> version = this.registry.findModelVersion(entry.model(), entry.version());
			if (version.isEmpty() || !this.decisions.isRecorded(version.get(), entry.decisionId())) {
				return false;
			}
			if (!Topics.MODEL_PROMOTED.equals(entry.topic())) {
				return true;
			}
			Optional<DecisionRecord> decision = this.decisions.find(version.get(), entry.decisionId());
			if (decision.isEmpty()) {
				return false;
			}
			if (decision.get().outcome().changesProduction() && isLatestProductionChange(decision.get())
					&& !isProduction(entry.model(), entry.version())) {
				logger.info("Model {} version {}: finishing the production move of decision {} that was interrupted",
						entry.model(), entry.version(), entry.decisionId());
				moveProduction(entry.model(), entry.version());
			}
			return true;
		}
	}

	/**
	 * Finishes the production move of a recorded decision that a crash interrupted, so a
	 * new decision is taken against the production the last one established.
	 */
	private void settleInterruptedMove(String name) {
		this.outbox.pending(name)
			.stream()
			.filter((entry) -> Topics.MODEL_PROMOTED.equals(entry.topic()))
			.forEach(this::confirm);
	}

	private boolean isProduction(String name, String version) {
		return this.state.champion(name)
			.filter((champion) -> champion.version().equals(version)
					&& this.properties.stage().equals(champion.currentStage()))
			.isPresent();
	}

	private void decide(ModelRegistered event, ModelVersion version, Map<String, Double> metrics) {
		String name = event.modelName();
		Optional<ModelVersion> champion = this.state.champion(name);
		if (champion.isPresent() && champion.get().version().equals(version.version())) {
			logger.info("Model {} version {} is already in production without a decision of ours; nothing to decide",
					name, version.version());
			return;
		}
		PolicySettings settings = this.properties.policyFor(name);
		Contender candidate = new Contender(version.version(), metrics);
		Optional<Contender> incumbent = champion.map(this.state::contender);
		SchemaCheck schema = champion.map((c) -> this.state.compareSchemas(version, c))
			.orElseGet(SchemaCheck::compatible);
		Decision decision = this.policy.decide(settings, candidate, incumbent, schema,
				this.state.pairedEvaluation(version));
		List<String> reasons = new ArrayList<>(decision.reasons());
		DecisionOutcome outcome;
		Optional<String> artifactProblem = (decision instanceof Decision.Promote) ? this.artifacts.problem(version)
				: Optional.empty();
		if (artifactProblem.isPresent()) {
			outcome = DecisionOutcome.REJECTED;
			reasons.add("artifact: fail (" + artifactProblem.get() + ")");
		}
		else if (decision instanceof Decision.Promote) {
			reasons.add(ARTIFACT_PASS);
			outcome = settings.manualApproval() ? DecisionOutcome.PENDING_APPROVAL : DecisionOutcome.PROMOTED;
			if (settings.manualApproval()) {
				reasons.add("approval: waiting for an operator (POST /models/" + name + "/versions/" + version.version()
						+ "/promote)");
			}
		}
		else {
			outcome = DecisionOutcome.REJECTED;
		}
		DecisionRecord record = new DecisionRecord(DecisionRecord.idFor(event.eventId()), name, version.version(),
				outcome, PromotionCause.POLICY, reasons, decision.metric(), decision.candidateValue(),
				decision.championValue(), champion.map(ModelVersion::version).orElse(null), now(),
				PromotionDecided.POLICY_ACTOR, decision.comparison(), decision.cost());
		logger.info("Model {} version {}: {} ({})", name, version.version(), outcome, String.join("; ", reasons));
		apply(record, version);
	}

	private void redeliver(DecisionRecord recorded, ModelVersion version) {
		logger.info("Model {} version {} was already decided ({}, decision {}); re-emitting it", recorded.modelName(),
				recorded.version(), recorded.outcome(), recorded.decisionId());
		boolean current = recorded.outcome().changesProduction() && isLatestProductionChange(recorded);
		this.outbox.enqueue(recorded.modelName(), recorded.version(), recorded.decisionId(),
				this.events.of(recorded, version, current));
		if (current) {
			moveProduction(recorded.modelName(), recorded.version());
		}
	}

	private boolean isLatestProductionChange(DecisionRecord recorded) {
		return this.decisions.history(recorded.modelName())
			.stream()
			.filter((decision) -> decision.outcome().changesProduction())
			.findFirst()
			.map((latest) -> latest.decisionId().equals(recorded.decisionId()))
			.orElse(false);
	}

	/**
	 * Records a decision and its events: outbox entries first, then the decision with its
	 * commit mark, then the production move. A crash before the mark leaves entries the
	 * relay never publishes; a crash after it leaves a recorded decision whose move the
	 * relay (or the next decision) finishes before its events go out.
	 */
	private DecisionRecord apply(DecisionRecord decision, ModelVersion version) {
		DecisionRecord stored = this.decisions.fitted(decision);
		this.outbox.enqueue(stored.modelName(), stored.version(), stored.decisionId(),
				this.events.of(stored, version, true));
		this.decisions.record(stored);
		this.meters.counter("promoter.decisions", "outcome", stored.outcome().name(), "cause", stored.cause().name())
			.increment();
		if (stored.outcome().changesProduction()) {
			moveProduction(stored.modelName(), stored.version());
		}
		return stored;
	}

	/**
	 * Makes a version the production version; idempotent, so a redelivery can finish a
	 * move that a crash interrupted.
	 */
	private void moveProduction(String name, String version) {
		Optional<ModelVersion> holder = this.state.champion(name);
		if (holder.isEmpty() || !holder.get().version().equals(version)) {
			holder.ifPresent(
					(previous) -> this.registry.setAlias(name, this.properties.previousAlias(), previous.version()));
			this.registry.setAlias(name, this.properties.alias(), version);
		}
		this.registry.transitionStage(name, version, this.properties.stage(), true);
	}

	private DecisionRecord operatorDecision(String name, ModelVersion target, Optional<ModelVersion> champion,
			DecisionOutcome outcome, PromotionCause cause, List<String> reasons, String actor) {
		String metric = this.properties.policyFor(name).metric();
		Double candidateValue = this.state.contender(target).metric(metric).orElse(null);
		Double championValue = champion.flatMap((c) -> this.state.contender(c).metric(metric)).orElse(null);
		return new DecisionRecord(UUID.randomUUID().toString(), name, target.version(), outcome, cause, reasons, metric,
				candidateValue, championValue, champion.map(ModelVersion::version).orElse(null), now(), actor, null,
				null);
	}

	/**
	 * Refuses an operator's production move to a version whose model file would not load.
	 * @return the reason line of a sound file
	 */
	private String requireSoundArtifact(ModelVersion target) {
		Optional<String> problem = this.artifacts.problem(target);
		if (problem.isPresent()) {
			throw new ArtifactRejectedException(target.name(), target.version(), problem.get());
		}
		return ARTIFACT_PASS;
	}

	private ModelStatus.VersionSummary summary(ModelVersion version) {
		Map<String, Double> metrics = this.state.contender(version).metrics();
		Optional<DecisionRecord> latest = this.decisions.latest(version);
		return new ModelStatus.VersionSummary(version.version(), version.currentStage(), version.runId(),
				version.source(), metrics, latest.map(DecisionRecord::outcome).orElse(null), version.aliases(),
				latest.map(DecisionRecord::actor).orElse(null));
	}

	private void requireModel(String name) {
		if (this.registry.findRegisteredModel(name).isEmpty()) {
			throw new UnknownModelException(name, null);
		}
	}

	private static void requireWellFormed(ModelRegistered event) {
		if (event == null || isBlank(event.eventId()) || isBlank(event.modelName()) || isBlank(event.version())) {
			throw new RejectedEventException("ModelRegistered without eventId, modelName or version: " + event);
		}
	}

	private static void addNote(List<String> reasons, String note) {
		if (note != null && !note.isBlank()) {
			reasons.add("note: " + note.strip());
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private Object lockFor(String name) {
		return this.locks.computeIfAbsent(name, (key) -> new Object());
	}

}
