package dev.mlpipeline.promoter.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.promoter.live.LiveKey;
import dev.mlpipeline.promoter.live.LiveStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LiveSeriesTests {

	private static final Instant MINUTE = Instant.parse("2026-12-03T10:00:00Z");

	private static final LiveKey CHAMPION = new LiveKey("iris", "1", LiveKey.CHAMPION);

	private static final LiveKey CANARY = new LiveKey("iris", "2", LiveKey.CHALLENGER);

	private final List<Window> windows = new ArrayList<>();

	@Test
	void eachStepSumsItsOwnWindowsPerVersionAndRoleAndAStepWithoutTrafficHasNoPoint() {
		window(CHAMPION, 0, answers(10, 0));
		window(CANARY, 0, answers(4, 1));
		window(CHAMPION, 1, answers(8, 2));
		// nothing in minute 2; the canary again in minute 3
		window(CANARY, 3, answers(5, 0));

		List<LiveSeries.Series> series = LiveSeries.of(this::sum, MINUTE.plusSeconds(20), MINUTE.plusSeconds(200),
				Duration.ofMinutes(1));

		assertThat(series).extracting(LiveSeries.Series::version).containsExactly("1", "2");
		LiveSeries.Series champion = series.get(0);
		assertThat(champion.role()).isEqualTo(LiveKey.CHAMPION);
		// the span starts inside minute 0: the step is aligned to the minute
		assertThat(champion.points()).extracting(LiveSeries.Point::start)
			.containsExactly(MINUTE, MINUTE.plusSeconds(60));
		assertThat(champion.points()).extracting(LiveSeries.Point::requests).containsExactly(10L, 8L);
		assertThat(champion.points().get(1).errorRate()).isEqualTo(0.25);
		assertThat(champion.points().get(0).latencyP99Ms()).isPositive();
		LiveSeries.Series canary = series.get(1);
		assertThat(canary.points()).extracting(LiveSeries.Point::start)
			.containsExactly(MINUTE, MINUTE.plusSeconds(180));
		assertThat(canary.points().get(0).errorRate()).isEqualTo(0.25);
		assertThat(canary.points().get(0).accuracy()).isNull();
	}

	@Test
	void aStepMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LiveSeries.of(this::sum, MINUTE, MINUTE.plusSeconds(60), Duration.ZERO))
			.withMessageContaining("positive");
	}

	private void window(LiveKey key, int minute, LiveStats stats) {
		this.windows.add(new Window(key, MINUTE.plusSeconds(60L * minute), stats));
	}

	// as LiveStatsQuery.ofModel sums them: every one-minute window overlapping the span
	private Map<LiveKey, LiveStats> sum(Instant from, Instant to) {
		Map<LiveKey, LiveStats> sums = new LinkedHashMap<>();
		for (Window window : this.windows) {
			Instant end = window.start().plusSeconds(60);
			if (end.isAfter(from) && !window.start().isAfter(to)) {
				sums.merge(window.key(), window.stats(), LiveStats::plus);
			}
		}
		return sums;
	}

	private static LiveStats answers(int requests, int errors) {
		LiveStats stats = LiveStats.empty();
		for (int i = 0; i < requests; i++) {
			stats = stats.plus(LiveStats.answered(i < errors, 2.0 + i));
		}
		return stats;
	}

	private record Window(LiveKey key, Instant start, LiveStats stats) {
	}

}
