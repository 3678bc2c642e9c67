package dev.mlpipeline.promoter.audit;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.ModelRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionRecordTests {

	private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

	private static final PromotionDecided.Rollout CANARY = new PromotionDecided.Rollout("shadow-then-canary",
			PromotionDecided.Rollout.CANARY, 10, AT);

	@Test
	void onlyAPromotionOrARollbackOfProductionMovesProductionNotADroppedChallenger() {
		assertThat(decision(DecisionOutcome.PROMOTED, null).changesProduction()).isTrue();
		assertThat(decision(DecisionOutcome.PROMOTED, CANARY).changesProduction()).as("promoted out of a rollout")
			.isTrue();
		assertThat(decision(DecisionOutcome.ROLLED_BACK, null).changesProduction()).isTrue();
		assertThat(decision(DecisionOutcome.ROLLED_BACK, CANARY).changesProduction()).as("challenger dropped")
			.isFalse();
		assertThat(decision(DecisionOutcome.STAGED, CANARY).changesProduction()).isFalse();
		assertThat(decision(DecisionOutcome.REJECTED, null).changesProduction()).isFalse();
		assertThat(decision(DecisionOutcome.STAGED, CANARY).changesChallenger()).isTrue();
		assertThat(decision(DecisionOutcome.ROLLED_BACK, null).changesChallenger()).isFalse();
	}

	@Test
	void aStagedDecisionIsPublishedWithItsRolloutAndTheTagServingReads() {
		PromotionDecided event = decision(DecisionOutcome.STAGED, CANARY).toEvent().orElseThrow();
		assertThat(event.outcome()).isEqualTo(PromotionOutcome.STAGED);
		assertThat(event.cause()).isEqualTo(PromotionCause.LIVE);
		assertThat(event.rollout()).isEqualTo(CANARY);
		assertThat(event.rollout().tag()).isEqualTo("canary:10");
		assertThat(new PromotionDecided.Rollout("shadow", PromotionDecided.Rollout.SHADOW, 0, AT).tag())
			.isEqualTo("shadow");
	}

	@Test
	void aRolloutSurvivesTheRegistryTagItIsStoredIn() {
		DecisionLog log = new DecisionLog(
				new ModelRegistry(new MlflowConnection(MlflowProperties.of(URI.create("http://localhost:1")))));
		DecisionRecord staged = decision(DecisionOutcome.STAGED, CANARY);
		assertThat(log.decode(log.encode(staged))).contains(staged);
	}

	@Test
	void aLiveDecisionTakenTwiceAfterTheSameStageHasOneId() {
		assertThat(DecisionRecord.liveIdFor("d-1", "promote")).isEqualTo(DecisionRecord.liveIdFor("d-1", "promote"))
			.isNotEqualTo(DecisionRecord.liveIdFor("d-1", "roll-back"))
			.isNotEqualTo(DecisionRecord.liveIdFor("d-2", "promote"));
	}

	private static DecisionRecord decision(DecisionOutcome outcome, PromotionDecided.Rollout rollout) {
		return new DecisionRecord("d-1", "iris", "2", outcome, PromotionCause.LIVE, List.of("live:evidence: pass (x)"),
				"accuracy", 0.95, 0.94, "1", AT, PromotionDecided.POLICY_ACTOR, null, null, rollout, null);
	}

}
