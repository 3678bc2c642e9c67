package dev.mlpipeline.promoter.live;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveJsonTests {

	private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

	private static final LiveKey SHADOW = new LiveKey("iris", "3", LiveKey.SHADOW);

	@Test
	void liveStatsAndWindowsComeBackFromTheirJsonAsTheyWent() {
		LiveStats stats = LiveStats.answered(false, 0.5)
			.plus(LiveStats.answered(true, 120))
			.plus(LiveStats.pairedLabel(true, false, 1.5));
		assertThat(stats.latency().buckets().keySet()).as("a latency under a millisecond has a negative index")
			.anyMatch((index) -> index < 0);
		LiveWindow window = new LiveWindow(SHADOW, T0, T0.plusSeconds(60), stats);
		byte[] written = LiveJson.strict(LiveWindow.class)
			.serializer()
			.serialize(LiveStatsTopology.LIVE_STATS_TOPIC, window);
		assertThat(LiveJson.strict(LiveWindow.class)
			.deserializer()
			.deserialize(LiveStatsTopology.LIVE_STATS_TOPIC, written)).isEqualTo(window);
		byte[] key = LiveJson.liveKey().serializer().serialize(LiveStatsTopology.STATS_STORE, SHADOW);
		assertThat(new String(key, StandardCharsets.UTF_8))
			.isEqualTo("{\"model\":\"iris\",\"version\":\"3\",\"role\":\"shadow\"}");
		assertThat(LiveJson.liveKey().deserializer().deserialize(LiveStatsTopology.STATS_STORE, key)).isEqualTo(SHADOW);
	}

	@Test
	void aWindowsKeyOnTheTopicNamesItsVersionRoleAndBounds() {
		assertThat(LiveJson.windowKey(SHADOW, T0, T0.plusSeconds(60))).isEqualTo(
				"{\"model\":\"iris\",\"version\":\"3\",\"role\":\"shadow\",\"windowStart\":\"2026-12-02T12:00:00Z\",\"windowEnd\":\"2026-12-02T12:01:00Z\"}");
	}

}
