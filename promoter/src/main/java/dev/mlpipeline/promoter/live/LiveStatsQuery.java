package dev.mlpipeline.promoter.live;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Sums the windows of the {@value LiveStatsTopology#STATS_STORE} store over a span of
 * time, such as a rollout's: stats are counts, so windows add up exactly. A window counts
 * when it overlaps the span, so the sum may reach up to one window before the span's
 * start and after its end.
 */
public final class LiveStatsQuery {

	private final ReadOnlyWindowStore<LiveKey, LiveStats> store;

	private final Duration windowSize;

	/**
	 * A query over a store of the topology.
	 * @param store the {@value LiveStatsTopology#STATS_STORE} store (or a view of it
	 * across instances)
	 * @param windowSize the topology's window size
	 */
	public LiveStatsQuery(ReadOnlyWindowStore<LiveKey, LiveStats> store, Duration windowSize) {
		this.store = store;
		this.windowSize = windowSize;
	}

	/**
	 * One version's stats in one role over a span.
	 * @param key whose stats
	 * @param from the span's start
	 * @param to the span's end, inclusive
	 * @return the sum of every window overlapping the span, empty stats if none
	 */
	public LiveStats sum(LiveKey key, Instant from, Instant to) {
		LiveStats sum = LiveStats.empty();
		try (WindowStoreIterator<LiveStats> windows = this.store.fetch(key, firstStart(from), to)) {
			while (windows.hasNext()) {
				sum = sum.plus(windows.next().value);
			}
		}
		return sum;
	}

	/**
	 * Every version and role of a model over a span. This scans every key's windows in
	 * the span, every model's, and keeps the model's: its cost grows with all the
	 * versions live at once, which is a handful per model.
	 * @param model the model's name
	 * @param from the span's start
	 * @param to the span's end, inclusive
	 * @return the sums per version and role, in the order first met
	 */
	public Map<LiveKey, LiveStats> ofModel(String model, Instant from, Instant to) {
		Map<LiveKey, LiveStats> sums = new LinkedHashMap<>();
		try (KeyValueIterator<Windowed<LiveKey>, LiveStats> windows = this.store.fetchAll(firstStart(from), to)) {
			while (windows.hasNext()) {
				KeyValue<Windowed<LiveKey>, LiveStats> window = windows.next();
				if (model.equals(window.key.key().model())) {
					sums.merge(window.key.key(), window.value, LiveStats::plus);
				}
			}
		}
		return sums;
	}

	// the earliest start of a window [start, start + size) that still overlaps the span
	private Instant firstStart(Instant from) {
		Instant start = from.minus(this.windowSize).plusMillis(1);
		return start.isBefore(Instant.EPOCH) ? Instant.EPOCH : start;
	}

}
