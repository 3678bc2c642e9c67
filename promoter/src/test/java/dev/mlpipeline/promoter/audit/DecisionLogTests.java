package dev.mlpipeline.promoter.audit;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionLogTests {

	private final DecisionLog log = new DecisionLog(
			new ModelRegistry(new MlflowConnection(MlflowProperties.of(URI.create("http://localhost:1")))));

	@Test
	void aDecisionSurvivesItsRoundTripThroughATag() {
		DecisionRecord decision = decision("d1", "3", DecisionOutcome.REJECTED, "2026-01-01T10:00:00Z");
		assertThat(this.log.decode(this.log.encode(decision))).contains(decision);
	}

	@Test
	void theLatestDecisionOfAVersionIsTheOneItsDecisionIdNames() {
		DecisionRecord first = decision("d1", "3", DecisionOutcome.REJECTED, "2026-01-01T10:00:00Z");
		DecisionRecord second = decision("d2", "3", DecisionOutcome.PROMOTED, "2026-01-02T10:00:00Z");
		ModelVersion version = version("3", Map.of(DecisionLog.HISTORY_PREFIX + "d1", this.log.encode(first),
				DecisionLog.HISTORY_PREFIX + "d2", this.log.encode(second), ModelTags.DECISION_ID, "d2"));
		assertThat(this.log.latest(version)).contains(second);
		assertThat(this.log.latest(version("4", Map.of()))).isEmpty();
	}

	@Test
	void aDecisionIsRecordedOnlyOnceTheMarkWrittenLastNamesItOrALaterDecision() {
		DecisionRecord first = decision("d1", "3", DecisionOutcome.REJECTED, "2026-01-01T10:00:00Z");
		DecisionRecord second = decision("d2", "3", DecisionOutcome.PROMOTED, "2026-01-02T10:00:00Z");
		String h1 = DecisionLog.HISTORY_PREFIX + "d1";
		String h2 = DecisionLog.HISTORY_PREFIX + "d2";
		ModelVersion both = version("3",
				Map.of(h1, this.log.encode(first), h2, this.log.encode(second), ModelTags.DECISION_ID, "d2"));
		assertThat(this.log.isRecorded(both, "d2")).isTrue();
		assertThat(this.log.isRecorded(both, "d1")).isTrue();
		// a crash after the second history tag, before its mark
		ModelVersion interrupted = version("3",
				Map.of(h1, this.log.encode(first), h2, this.log.encode(second), ModelTags.DECISION_ID, "d1"));
		assertThat(this.log.isRecorded(interrupted, "d2")).isFalse();
		assertThat(this.log.isRecorded(interrupted, "d1")).isTrue();
		assertThat(this.log.isRecorded(version("3", Map.of(h1, this.log.encode(first))), "d1")).isFalse();
		assertThat(this.log.isRecorded(version("3", Map.of(ModelTags.DECISION_ID, "d1")), "d1")).isFalse();
	}

	@Test
	void aDecisionIsFittedSoItsEventStillFitsInAnOutboxTag() {
		List<String> reasons = Collections.nCopies(40, "x".repeat(400));
		DecisionRecord decision = new DecisionRecord("d", "m", "1", DecisionOutcome.REJECTED, PromotionCause.POLICY,
				reasons, "accuracy", 0.5, null, null, Instant.parse("2026-01-01T10:00:00Z"), null, null, null, null,
				null);
		DecisionRecord fitted = this.log.fitted(decision);
		assertThat(this.log.encode(fitted).length()).isLessThanOrEqualTo(DecisionLog.MAX_DECISION_VALUE);
		assertThat(fitted.reasons()).isNotEmpty();
		DecisionRecord small = decision("s", "1", DecisionOutcome.PROMOTED, "2026-01-01T10:00:00Z");
		assertThat(this.log.fitted(small)).isSameAs(small);
	}

	@Test
	void historyCollectsTheDecisionsOfAllVersionsNewestFirst() {
		DecisionRecord oldest = decision("a", "1", DecisionOutcome.PROMOTED, "2026-01-01T10:00:00Z");
		DecisionRecord middle = decision("b", "2", DecisionOutcome.PROMOTED, "2026-01-02T10:00:00Z");
		DecisionRecord newest = decision("c", "1", DecisionOutcome.ROLLED_BACK, "2026-01-03T10:00:00Z");
		List<ModelVersion> versions = List.of(
				version("1",
						Map.of(DecisionLog.HISTORY_PREFIX + "a", this.log.encode(oldest),
								DecisionLog.HISTORY_PREFIX + "c", this.log.encode(newest), "unrelated", "x")),
				version("2", Map.of(DecisionLog.HISTORY_PREFIX + "b", this.log.encode(middle),
						DecisionLog.HISTORY_PREFIX + "broken", "{not json")));
		assertThat(this.log.history(versions)).containsExactly(newest, middle, oldest);
	}

	@Test
	void aLongDecisionIsShortenedToFitInATag() {
		List<String> reasons = Collections.nCopies(40, "x".repeat(400));
		DecisionRecord decision = new DecisionRecord("d", "m", "1", DecisionOutcome.REJECTED, PromotionCause.POLICY,
				reasons, "accuracy", 0.5, null, null, Instant.parse("2026-01-01T10:00:00Z"), null, null, null, null,
				null);
		String encoded = this.log.encode(decision);
		assertThat(encoded.length()).isLessThanOrEqualTo(DecisionLog.MAX_TAG_VALUE);
		assertThat(this.log.decode(encoded)).hasValueSatisfying((read) -> {
			assertThat(read.decisionId()).isEqualTo("d");
			assertThat(read.reasons()).isNotEmpty();
		});
	}

	@Test
	void decisionIdsOfARegistrationAreStableAndDistinct() {
		assertThat(DecisionRecord.idFor("event-1")).isEqualTo(DecisionRecord.idFor("event-1"))
			.isNotEqualTo(DecisionRecord.idFor("event-2"));
		DecisionRecord decision = decision(DecisionRecord.idFor("event-1"), "1", DecisionOutcome.PROMOTED,
				"2026-01-01T10:00:00Z");
		DecisionRecord same = decision(DecisionRecord.idFor("event-1"), "1", DecisionOutcome.PROMOTED,
				"2026-02-01T10:00:00Z");
		assertThat(decision.promotedEventId()).isEqualTo(same.promotedEventId()).isNotEqualTo(decision.decisionId());
	}

	@Test
	void aVersionWaitingForApprovalPublishesNoDecision() {
		assertThat(decision("d", "1", DecisionOutcome.PENDING_APPROVAL, "2026-01-01T10:00:00Z").toEvent()).isEmpty();
		assertThat(decision("d", "1", DecisionOutcome.ROLLED_BACK, "2026-01-01T10:00:00Z").toEvent())
			.hasValueSatisfying((event) -> assertThat(event.outcome()).isEqualTo(PromotionOutcome.ROLLED_BACK));
	}

	private static DecisionRecord decision(String id, String version, DecisionOutcome outcome, String at) {
		return new DecisionRecord(id, "model", version, outcome, PromotionCause.POLICY, List.of("gate: pass (ok)"),
				"accuracy", 0.9, 0.8, "1", Instant.parse(at), null, null, null, null, null);
	}

	private static ModelVersion version(String version, Map<String, String> tags) {
		return new ModelVersion("model", version, "run", "mlflow-artifacts:/0/run/artifacts/model", "READY", "None",
				tags, List.of(), 0L, 0L);
	}

}
