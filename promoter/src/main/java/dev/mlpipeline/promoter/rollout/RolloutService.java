package dev.mlpipeline.promoter.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.promoter.PromotionProperties;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.live.LiveGates;
import dev.mlpipeline.promoter.live.LiveKey;
import dev.mlpipeline.promoter.live.LiveStats;
import dev.mlpipeline.promoter.live.LiveStatsStreams;
import dev.mlpipeline.promoter.live.LiveVerdict;
import dev.mlpipeline.promoter.policy.PolicySettings;
import dev.mlpipeline.promoter.promotion.ArtifactCheck;
import dev.mlpipeline.promoter.promotion.DecisionApplier;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.RegistryState;
import dev.mlpipeline.promoter.promotion.UnknownModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Staged rollouts, from the registry and the live stats: an operator stages or aborts
 * one; a check reads the challenger's stage from its latest decision, asks the live gates
 * and carries out what {@link RolloutPlan} makes of their verdict (advance, promote, roll
 * back), and watches a champion after its promotion. Nothing is held in memory between
 * checks: the stage is the challenger's {@code STAGED} decision in the registry, the
 * evidence the topology's store, so a restarted promoter goes on where it stopped.
 */
@Service
class RolloutService {

	private static final Logger logger = LoggerFactory.getLogger(RolloutService.class);

	private final ModelRegistry registry;

	private final RegistryState state;

	private final DecisionLog decisions;

	private final DecisionApplier applier;

	private final ArtifactCheck artifacts;

	private final PromotionProperties properties;

	private final ObjectProvider<LiveStatsStreams> live;

	private final Clock clock;

	RolloutService(ModelRegistry registry, RegistryState state, DecisionLog decisions, DecisionApplier applier,
			ArtifactCheck artifacts, PromotionProperties properties, ObjectProvider<LiveStatsStreams> live,
			Clock clock) {
		this.registry = registry;
		this.state = state;
		this.decisions = decisions;
		this.applier = applier;
		this.artifacts = artifacts;
		this.properties = properties;
		this.live = live;
		this.clock = clock;
	}

	/**
	 * Stages a version by hand: it becomes the challenger, as a shadow or a canary, and
	 * the live gates decide the rest.
	 * @param name the registered model
	 * @param version the version to stage
	 * @param mode shadow, canary or shadow-then-canary
	 * @param percent the canary's share, {@code null} for the model's
	 * {@code canary-percent}
	 * @param note the operator's reason, may be {@code null}
	 * @param actor the signed-in operator
	 * @param decisionId the id the decision is recorded under
	 * @return the recorded decision
	 * @throws UnknownModelException when the model or version does not exist
	 * @throws PromotionConflictException when the model has no champion, or the version
	 * is the champion
	 * @throws IllegalArgumentException for the direct mode or a percent outside 1-100
	 */
	DecisionRecord stage(String name, String version, RolloutMode mode, Integer percent, String note, String actor,
			String decisionId) {
		if (mode == RolloutMode.DIRECT) {
			throw new IllegalArgumentException("mode: a rollout is shadow, canary or shadow-then-canary (to promote "
					+ "directly, POST /models/" + name + "/versions/" + version + "/promote)");
		}
		requireModel(name);
		this.applier.settleInterruptedMoves(name);
		ModelVersion target = this.registry.findModelVersion(name, version)
			.orElseThrow(() -> new UnknownModelException(name, version));
		ModelVersion champion = this.state.champion(name)
			.orElseThrow(() -> new PromotionConflictException(name,
					"Model " + name + " has no champion for a challenger to be served beside"));
		if (champion.version().equals(version)) {
			throw new PromotionConflictException(name, "Model " + name + " version " + version + " is the champion");
		}
		int share = (percent != null) ? percent : this.properties.policyFor(name).canaryPercent();
		RolloutStage stage = RolloutPlan.start(mode, version, share, now()).orElseThrow();
		List<String> reasons = new ArrayList<>();
		reasons.add("manual: staged by an operator");
		reasons.add(RolloutPlan.stagedReason(mode, stage, champion.version()));
		reasons.add(this.artifacts.require(target));
		DecisionRecord.addNote(reasons, note);
		this.state.challenger(name)
			.filter((current) -> !current.version().equals(version))
			.ifPresent((current) -> reasons.add("rollout: replaces challenger version " + current.version()));
		return this.applier.apply(this.applier.decision(decisionId, target, Optional.of(champion),
				DecisionOutcome.STAGED, PromotionCause.MANUAL, reasons, actor, stage.toEvent(mode), now()), target);
	}

	/**
	 * Ends a model's rollout by hand: the challenger is dropped, production kept.
	 * @param name the registered model
	 * @param note the operator's reason, may be {@code null}
	 * @param actor the signed-in operator
	 * @param decisionId the id the decision is recorded under
	 * @return the recorded decision
	 * @throws UnknownModelException when the model does not exist
	 * @throws PromotionConflictException when the model has no challenger
	 */
	DecisionRecord abort(String name, String note, String actor, String decisionId) {
		requireModel(name);
		this.applier.settleInterruptedMoves(name);
		ModelVersion challenger = this.state.challenger(name)
			.orElseThrow(() -> new PromotionConflictException(name, "Model " + name
					+ " has no rollout to abort: no version holds the alias " + this.properties.challengerAlias()));
		Optional<ModelVersion> champion = this.state.champion(name);
		PromotionDecided.Rollout rollout = stageOf(challenger).map(Staged::rollout)
			.orElseGet(() -> RegistryState.rolloutOfTag(challenger, now()));
		List<String> reasons = new ArrayList<>();
		reasons.add("abort: the rollout of version " + challenger.version() + " was ended by an operator"
				+ champion.map((c) -> "; production stays on version " + c.version()).orElse(""));
		DecisionRecord.addNote(reasons, note);
		return this.applier.apply(this.applier.decision(decisionId, challenger, champion, DecisionOutcome.ROLLED_BACK,
				PromotionCause.MANUAL, reasons, actor, rollout, now()), challenger);
	}

	/**
	 * Asks the live gates about a model's challenger and carries out their verdict.
	 * @param name the registered model
	 * @return the decision taken, empty when the rollout goes on (or there is none, or
	 * the live stats are not queryable yet)
	 */
	Optional<DecisionRecord> check(String name) {
		if (this.state.challenger(name).isEmpty()) {
			return Optional.empty();
		}
		this.applier.settleInterruptedMoves(name);
		Optional<ModelVersion> challenger = this.state.challenger(name);
		Optional<ModelVersion> champion = this.state.champion(name);
		if (challenger.isEmpty() || champion.isEmpty()) {
			return Optional.empty();
		}
		Optional<Staged> staged = stageOf(challenger.get());
		Optional<LiveSum> query = evidence();
		if (staged.isEmpty() || query.isEmpty()) {
			return Optional.empty();
		}
		Instant now = now();
		PolicySettings settings = this.properties.policyFor(name);
		RolloutStage stage = RolloutStage.of(challenger.get().version(), staged.get().rollout());
		RolloutMode mode = RolloutMode.parse(staged.get().rollout().mode());
		String role = stage.shadow() ? LiveKey.SHADOW : LiveKey.CHALLENGER;
		String championVersion = champion.get().version();
		LiveStats mine = query.get().sum(new LiveKey(name, stage.version(), role), stage.since(), now);
		LiveStats theirs = query.get().sum(new LiveKey(name, championVersion, LiveKey.CHAMPION), stage.since(), now);
		LiveVerdict verdict = LiveGates.rollout(settings.live(), role, mine, theirs,
				Duration.between(stage.since(), now));
		RolloutPlan.Step step = RolloutPlan.next(mode, stage, verdict, settings.canaryPercent(), now);
		List<String> reasons = new ArrayList<>(step.reasons());
		DecisionOutcome outcome;
		PromotionDecided.Rollout rollout = staged.get().rollout();
		String id = staged.get().decisionId();
		if (step instanceof RolloutPlan.Step.Wait) {
			logger.debug("Model {} challenger version {}: waiting ({})", name, stage.version(),
					String.join("; ", reasons));
			return Optional.empty();
		}
		if (step instanceof RolloutPlan.Step.Advance advance) {
			outcome = DecisionOutcome.STAGED;
			rollout = advance.stage().toEvent(mode);
			id = DecisionRecord.liveIdFor(id, "advance");
			reasons.add("rollout: " + stage.describe() + " passed; now " + advance.stage().describe()
					+ " beside champion version " + championVersion);
		}
		else if (step instanceof RolloutPlan.Step.Promote) {
			Optional<String> problem = this.artifacts.problem(challenger.get());
			outcome = problem.isPresent() ? DecisionOutcome.ROLLED_BACK : DecisionOutcome.PROMOTED;
			id = DecisionRecord.liveIdFor(id, problem.isPresent() ? "roll-back" : "promote");
			reasons.add(problem.map((text) -> "artifact: fail (" + text + ")").orElse(ArtifactCheck.PASS));
			reasons.add(problem.isPresent()
					? "rollout: dropped, its model file cannot be served; production stays on version "
							+ championVersion
					: "rollout: " + stage.describe() + " passed every live gate; promoted over version "
							+ championVersion);
		}
		else {
			outcome = DecisionOutcome.ROLLED_BACK;
			id = DecisionRecord.liveIdFor(id, "roll-back");
			reasons.add("rollout: " + stage.describe() + " dropped; production stays on version " + championVersion);
		}
		DecisionRecord decision = this.applier.apply(this.applier.decision(id, challenger.get(), champion, outcome,
				PromotionCause.LIVE, reasons, PromotionDecided.POLICY_ACTOR, rollout, now), challenger.get());
		logger.info("Model {} challenger version {}: {} on live evidence ({})", name, stage.version(), outcome,
				String.join("; ", reasons));
		return Optional.of(decision);
	}

	/**
	 * Watches a champion after its promotion: rolled back to the previous champion when
	 * its live error rate or accuracy breaks the gates within the model's {@code watch}.
	 * @param name the registered model
	 * @return the rollback, empty when the champion holds (or is not under watch)
	 */
	Optional<DecisionRecord> watch(String name) {
		PolicySettings watched = this.properties.policyFor(name);
		if (watched.watch().isZero()
				|| (watched.live().maxErrorRate() == null && watched.live().minLiveAccuracy() == null)) {
			// no gate a champion can break: nothing to read
			return Optional.empty();
		}
		this.applier.settleInterruptedMoves(name);
		PolicySettings settings = this.properties.policyFor(name);
		Optional<ModelVersion> champion = this.state.champion(name);
		Optional<LiveSum> query = evidence();
		if (settings.watch().isZero() || champion.isEmpty() || query.isEmpty()) {
			return Optional.empty();
		}
		Optional<DecisionRecord> promotion = this.decisions.history(name)
			.stream()
			.filter(DecisionRecord::changesProduction)
			.findFirst()
			.filter((latest) -> latest.outcome() == DecisionOutcome.PROMOTED
					&& latest.version().equals(champion.get().version()));
		Instant now = now();
		if (promotion.isEmpty() || !now.isBefore(promotion.get().decidedAt().plus(settings.watch()))) {
			return Optional.empty();
		}
		Optional<ModelVersion> previous = this.state.previousChampion(name);
		if (previous.isEmpty()) {
			return Optional.empty();
		}
		Instant since = promotion.get().decidedAt();
		LiveStats stats = query.get().sum(new LiveKey(name, champion.get().version(), LiveKey.CHAMPION), since, now);
		LiveVerdict verdict = LiveGates.watch(settings.live(), stats, Duration.between(since, now));
		if (verdict.outcome() != LiveVerdict.Outcome.ROLL_BACK) {
			return Optional.empty();
		}
		Optional<String> problem = this.artifacts.problem(previous.get());
		if (problem.isPresent()) {
			logger.warn(
					"Model {} champion version {} broke its live gates, but previous champion version {} "
							+ "cannot be served ({}); kept",
					name, champion.get().version(), previous.get().version(), problem.get());
			return Optional.empty();
		}
		List<String> reasons = new ArrayList<>(verdict.reasons());
		reasons.add(ArtifactCheck.PASS);
		reasons.add("watch: champion version " + champion.get().version() + " broke its live gates within "
				+ settings.watch() + " of its promotion; production moved back to version " + previous.get().version());
		DecisionRecord decision = this.applier
			.apply(this.applier.decision(DecisionRecord.liveIdFor(promotion.get().decisionId(), "watch"),
					previous.get(), champion, DecisionOutcome.ROLLED_BACK, PromotionCause.LIVE, reasons,
					PromotionDecided.POLICY_ACTOR, null, now), previous.get());
		logger.info("Model {}: champion version {} rolled back to version {} on live evidence ({})", name,
				champion.get().version(), previous.get().version(), String.join("; ", reasons));
		return Optional.of(decision);
	}

	/**
	 * The stage a challenger is in, from its latest decision; empty for a version made
	 * the challenger by hand in the registry, which no live gate decides.
	 */
	private Optional<Staged> stageOf(ModelVersion challenger) {
		return this.decisions.latest(challenger)
			.filter((decision) -> decision.outcome() == DecisionOutcome.STAGED && decision.rollout() != null)
			.map((decision) -> new Staged(decision.decisionId(), decision.rollout()));
	}

	/**
	 * Where the live stats come from: the topology's store once it runs (empty while it
	 * starts or restores, so nothing is decided on a store still filling); with the
	 * topology switched off, no evidence at all, so a rollout ends at its
	 * {@code max-duration} instead of waiting for ever.
	 */
	private Optional<LiveSum> evidence() {
		LiveStatsStreams streams = this.live.getIfAvailable();
		if (streams == null) {
			return Optional.of((key, from, to) -> LiveStats.empty());
		}
		return streams.query().map((query) -> query::sum);
	}

	private void requireModel(String name) {
		if (this.registry.findRegisteredModel(name).isEmpty()) {
			throw new UnknownModelException(name, null);
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

	/** A version's stats in one role over a span. */
	@FunctionalInterface
	private interface LiveSum {

		LiveStats sum(LiveKey key, Instant from, Instant to);

	}

	/**
	 * A challenger's stage as its latest decision recorded it.
	 *
	 * @param decisionId that decision
	 * @param rollout its rollout
	 */
	private record Staged(String decisionId, PromotionDecided.Rollout rollout) {
	}

}
