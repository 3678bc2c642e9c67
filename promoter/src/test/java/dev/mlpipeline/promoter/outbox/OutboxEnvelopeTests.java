package dev.mlpipeline.promoter.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxEnvelopeTests {

	private static final Instant AT = Instant.parse("2026-01-01T10:00:00.123456Z");

	@Test
	void anEntrySurvivesItsRoundTripThroughATagAndItsPayloadIsTheEvent() {
		ModelPromoted event = new ModelPromoted("e1", "iris", "2", "1", "run",
				"mlflow-artifacts:/1/run/artifacts/model", "abc", PromotionCause.MANUAL, AT, null);
		OutboxEntry entry = OutboxEnvelope.entry(new OutboxEvent("e1", Topics.MODEL_PROMOTED, "iris", event), "2", "d1",
				AT, 1);

		OutboxEntry read = OutboxEnvelope.decode(OutboxEnvelope.encode(entry)).orElseThrow();
		assertThat(read).isEqualTo(entry);
		assertThat(OutboxEnvelope.payload(read, ModelPromoted.class)).isEqualTo(event);
		assertThat(OutboxEnvelope.tagKey("e1")).isEqualTo("promotion.outbox.e1");
	}

	@Test
	void anUnreadableEnvelopeIsNoEntry() {
		assertThat(OutboxEnvelope.decode("{not json")).isEmpty();
		assertThat(OutboxEnvelope.decode("{\"eventId\":\"e1\",\"topic\":\"model-promoted\"}")).isEmpty();
	}

	@Test
	void entriesAreOrderedOldestFirstThenByTheirPlaceInTheDecision() {
		OutboxEntry laterDecided = entry("a", AT.plusMillis(1), 0);
		OutboxEntry promoted = entry("b", AT, 1);
		OutboxEntry decided = entry("c", AT, 0);
		List<OutboxEntry> entries = new ArrayList<>(List.of(laterDecided, promoted, decided));
		entries.sort(OutboxEntry.OLDEST_FIRST);
		assertThat(entries).containsExactly(decided, promoted, laterDecided);
	}

	private static OutboxEntry entry(String id, Instant at, int order) {
		return OutboxEnvelope.entry(new OutboxEvent(id, Topics.PROMOTION_DECISIONS, "iris", java.util.Map.of("x", 1)),
				"1", "d", at, order);
	}

}
