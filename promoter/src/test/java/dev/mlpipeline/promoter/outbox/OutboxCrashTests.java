package dev.mlpipeline.promoter.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the relay does with what a crash left behind: entries of a decision that was never
 * recorded stay unpublished; a recorded decision whose move was interrupted is finished
 * before its events go out.
 */
class OutboxCrashTests extends PromoterIntegrationTest {

	@Autowired
	private Outbox outbox;

	@Autowired
	private OutboxRelay relay;

	@Autowired
	private DecisionLog decisionLog;

	@Test
	void eventsOfADecisionThatACrashStoppedBeforeItWasRecordedAreNeverPublished() {
		String model = RegistryFixture.uniqueModel("uncommitted");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		DecisionRecord decision = promotion(model, "1", null);
		this.outbox.enqueue(model, "1", decision.decisionId(), events(decision, v1));

		assertThat(this.relay.publishAndWait(model)).isTrue();
		assertThat(events.events(PromotionDecided.class, model)).isEmpty();
		assertThat(events.events(ModelPromoted.class, model)).isEmpty();
		assertThat(this.fixture.alias(model, "champion")).isEmpty();
		assertThat(this.outbox.pending(model)).hasSize(2);
	}

	@Test
	void aDecisionRecordedBeforeACrashHasItsMoveFinishedByTheModelsOwnerBeforeItsProductionEventIsPublished() {
		String model = RegistryFixture.uniqueModel("interrupted");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		ModelVersion v2 = this.fixture.register(model, 0.95);
		this.fixture.registry().setAlias(model, "champion", v1.version());
		DecisionRecord decision = promotion(model, "2", "1");
		this.outbox.enqueue(model, "2", decision.decisionId(), events(decision, v2));
		this.decisionLog.record(decision);

		// the relay never moves the registry: ModelPromoted waits for the move
		assertThat(this.relay.publishAndWait(model)).isFalse();
		assertThat(events.events(ModelPromoted.class, model)).isEmpty();
		// the model's owner finishes it at its next live check, then the relay publishes
		eventually().until(() -> events.events(ModelPromoted.class, model).size() == 1);
		assertThat(this.fixture.alias(model, "champion")).contains("2");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("1");
		assertThat(this.fixture.version(model, "2").currentStage()).isEqualTo("Production");
		assertThat(events.events(ModelPromoted.class, model)).singleElement()
			.satisfies((promoted) -> assertThat(promoted.eventId()).isEqualTo(decision.promotedEventId()));
		assertThat(events.events(PromotionDecided.class, model)).extracting(PromotionDecided::eventId)
			.containsExactly(decision.decisionId());
		eventually().until(() -> this.outbox.pending(model).isEmpty());
	}

	private static DecisionRecord promotion(String model, String version, String champion) {
		return new DecisionRecord(java.util.UUID.randomUUID().toString(), model, version, DecisionOutcome.PROMOTED,
				PromotionCause.MANUAL, List.of("manual: promoted by an operator"), "accuracy", 0.95, null, champion,
				Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null, null, null);
	}

	private static List<OutboxEvent> events(DecisionRecord decision, ModelVersion version) {
		PromotionDecided decided = decision.toEvent().orElseThrow();
		ModelPromoted promoted = new ModelPromoted(decision.promotedEventId(), decision.modelName(), version.version(),
				decision.championVersion(), version.runId(), version.source(), version.tags().get(ModelTags.SHA256),
				decision.cause(), decision.decidedAt(), null);
		return List.of(new OutboxEvent(decided.eventId(), Topics.PROMOTION_DECISIONS, decision.modelName(), decided),
				new OutboxEvent(promoted.eventId(), Topics.MODEL_PROMOTED, decision.modelName(), promoted));
	}

}
