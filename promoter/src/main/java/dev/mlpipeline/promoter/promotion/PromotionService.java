package dev.mlpipeline.promoter.promotion;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.promoter.PromotionProperties;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.policy.Contender;
import dev.mlpipeline.promoter.policy.Decision;
import dev.mlpipeline.promoter.policy.PolicySettings;
import dev.mlpipeline.promoter.policy.PromotionPolicy;
import dev.mlpipeline.promoter.policy.SchemaCheck;
import dev.mlpipeline.promoter.rollout.RolloutMode;
import dev.mlpipeline.promoter.rollout.RolloutPlan;
import dev.mlpipeline.promoter.rollout.RolloutStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Turns registrations and operator requests into decisions, which the
 * {@link DecisionApplier} records and carries out. A redelivered registration finds its
 * decision on the version and re-emits it instead of deciding again. A version that
 * passes the gates of a model whose rollout is staged becomes the challenger
 * ({@code STAGED}); the live gates decide the rest (package {@code rollout}).
 */
@Service
public class PromotionService {

	private static final Logger logger = LoggerFactory.getLogger(PromotionService.class);

	private final ModelRegistry registry;

	private final RegistryState state;

	private final DecisionLog decisions;

	private final PromotionPolicy policy;

	private final DecisionApplier applier;

	private final ArtifactCheck artifacts;

	private final PromotionProperties properties;

	private final Clock clock;

	PromotionService(ModelRegistry registry, RegistryState state, DecisionLog decisions, PromotionPolicy policy,
			DecisionApplier applier, ArtifactCheck artifacts, PromotionProperties properties, Clock clock) {
		this.registry = registry;
		this.state = state;
		this.decisions = decisions;
		this.policy = policy;
		this.applier = applier;
		this.artifacts = artifacts;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Decides about a registered version, or re-emits the decision already recorded on
	 * it.
	 * @param event the registration
	 * @throws RejectedEventException when the event is malformed, names a version the
	 * registry does not have, or claims what the registry contradicts (its details name
	 * each disagreement)
	 */
	public void onRegistered(ModelRegistered event) {
		requireWellFormed(event);
		String name = event.modelName();
		ModelVersion version = this.registry.findModelVersion(name, event.version())
			.orElseThrow(() -> new RejectedEventException(
					"Model " + name + " version " + event.version() + " is not in the registry"));
		if (ModelVersion.FAILED_REGISTRATION.equals(version.status())) {
			throw new RejectedEventException("Model " + name + " version " + event.version() + " failed registration");
		}
		Map<String, Double> metrics = this.state.metrics(version);
		Map<String, String> differences = RegistrationClaims.disagreements(event, version, metrics);
		if (!differences.isEmpty()) {
			throw new RejectedEventException(RegistrationClaims.message(event, differences), differences);
		}
		Optional<DecisionRecord> recorded = this.decisions.latest(version);
		if (recorded.isPresent()) {
			this.applier.redeliver(recorded.get(), version);
		}
		else {
			this.applier.settleInterruptedMoves(name);
			decide(event, version, metrics);
		}
	}

	/**
	 * Promotes a version by hand, skipping the policy's gates.
	 * @param name the registered model
	 * @param version the version to promote
	 * @param note the operator's reason, may be {@code null}
	 * @param actor the signed-in operator, recorded as the decision's actor
	 * @param decisionId the id the decision is recorded under
	 * @return the recorded decision
	 * @throws UnknownModelException when the model or version does not exist
	 * @throws PromotionConflictException when the version is already in production
	 * @throws ArtifactRejectedException when the version's model file fails the check
	 * @throws ArtifactUnavailableException when MLflow could not serve the model file
	 */
	public DecisionRecord promote(String name, String version, String note, String actor, String decisionId) {
		requireModel(name);
		ModelVersion target = this.registry.findModelVersion(name, version)
			.orElseThrow(() -> new UnknownModelException(name, version));
		this.applier.settleInterruptedMoves(name);
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
		reasons.add(this.artifacts.require(target));
		DecisionRecord.addNote(reasons, note);
		DecisionRecord decision = operatorDecision(name, target, champion, DecisionOutcome.PROMOTED,
				PromotionCause.MANUAL, reasons, actor, decisionId);
		return this.applier.apply(decision, target);
	}

	/**
	 * Moves production back to the previous champion, or to a given version.
	 * @param name the registered model
	 * @param version the version to return to, {@code null} for the previous champion
	 * @param note the operator's reason, may be {@code null}
	 * @param actor the signed-in operator, recorded as the decision's actor
	 * @param decisionId the id the decision is recorded under
	 * @return the recorded decision
	 * @throws UnknownModelException when the model or the given version does not exist
	 * @throws PromotionConflictException when there is nothing to roll back to
	 * @throws ArtifactRejectedException when the target's model file fails the check
	 * @throws ArtifactUnavailableException when MLflow could not serve the model file
	 */
	public DecisionRecord rollback(String name, String version, String note, String actor, String decisionId) {
		requireModel(name);
		this.applier.settleInterruptedMoves(name);
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
		reasons.add(this.artifacts.require(target));
		DecisionRecord.addNote(reasons, note);
		DecisionRecord decision = operatorDecision(name, target, champion, DecisionOutcome.ROLLED_BACK,
				PromotionCause.ROLLBACK, reasons, actor, decisionId);
		return this.applier.apply(decision, target);
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
		Optional<ModelVersion> challenger = this.state.challenger(name);
		PromotionDecided.Rollout rollout = challenger
			.map((version) -> this.decisions.latest(version)
				.filter((decision) -> decision.outcome() == DecisionOutcome.STAGED && decision.rollout() != null)
				.map(DecisionRecord::rollout)
				.orElseGet(() -> RegistryState.rolloutOfTag(version, null)))
			.orElse(null);
		return new ModelStatus(name, this.properties.alias(), champion.map(this::summary).orElse(null),
				previous.map(this::summary).orElse(null), challenger.map(this::summary).orElse(null), rollout,
				candidates, this.properties.policyFor(name));
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
		PromotionDecided.Rollout rollout = null;
		Optional<String> artifactProblem = (decision instanceof Decision.Promote) ? this.artifacts.problem(version)
				: Optional.empty();
		if (artifactProblem.isPresent()) {
			outcome = DecisionOutcome.REJECTED;
			reasons.add("artifact: fail (" + artifactProblem.get() + ")");
		}
		else if (decision instanceof Decision.Promote) {
			reasons.add(ArtifactCheck.PASS);
			outcome = settings.manualApproval() ? DecisionOutcome.PENDING_APPROVAL : DecisionOutcome.PROMOTED;
			if (settings.manualApproval()) {
				reasons.add("approval: waiting for an operator (POST /models/" + name + "/versions/" + version.version()
						+ "/promote)");
			}
			else if (champion.isPresent() && settings.rollout() != RolloutMode.DIRECT) {
				Optional<RolloutStage> stage = RolloutPlan.start(settings.rollout(), version.version(),
						settings.canaryPercent(), now());
				if (stage.isPresent()) {
					outcome = DecisionOutcome.STAGED;
					rollout = stage.get().toEvent(settings.rollout());
					reasons.add(RolloutPlan.stagedReason(settings.rollout(), stage.get(), champion.get().version()));
				}
			}
		}
		else {
			outcome = DecisionOutcome.REJECTED;
		}
		DecisionRecord record = new DecisionRecord(DecisionRecord.idFor(event.eventId()), name, version.version(),
				outcome, PromotionCause.POLICY, reasons, decision.metric(), decision.candidateValue(),
				decision.championValue(), champion.map(ModelVersion::version).orElse(null), now(),
				PromotionDecided.POLICY_ACTOR, decision.comparison(), decision.cost(), rollout, null);
		logger.info("Model {} version {}: {} ({})", name, version.version(), outcome, String.join("; ", reasons));
		this.applier.apply(record, version);
	}

	private DecisionRecord operatorDecision(String name, ModelVersion target, Optional<ModelVersion> champion,
			DecisionOutcome outcome, PromotionCause cause, List<String> reasons, String actor, String decisionId) {
		return this.applier.decision(decisionId, target, champion, outcome, cause, reasons, actor, null,
				this.clock.instant());
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

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
