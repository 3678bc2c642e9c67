package dev.mlpipeline.promoter.live;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Sums the windows of the {@value LiveStatsTopology#STATS_STORE} store over a span of
 * time, such as a rollout's: stats are counts, so windows add up exactly. A window counts
 * when it overlaps the span, so the sum may reach up to one window before the span's
 * start and after its end.
 */
public final class LiveStatsQuery {

	private final Source source;

	/**
	 * A query over a store of the topology.
	 * @param store the {@value LiveStatsTopology#STATS_STORE} store (or a view of it
	 * across instances)
	 * @param windowSize the topology's window size
	 */
	public LiveStatsQuery(ReadOnlyWindowStore<LiveKey, LiveStats> store, Duration windowSize) {
		this.source = new Source() {

			@Override
			public void key(LiveKey key, Instant from, Instant to, BiConsumer<LiveKey, LiveStats> each) {
				try (WindowStoreIterator<LiveStats> windows = store.fetch(key, firstStart(from, windowSize), to)) {
					while (windows.hasNext()) {
						each.accept(key, windows.next().value);
					}
				}
			}

			@Override
			public void model(String model, Instant from, Instant to, BiConsumer<LiveKey, LiveStats> each) {
				try (KeyValueIterator<Windowed<LiveKey>, LiveStats> windows = store
					.fetchAll(firstStart(from, windowSize), to)) {
					while (windows.hasNext()) {
						KeyValue<Windowed<LiveKey>, LiveStats> window = windows.next();
						if (model.equals(window.key.key().model())) {
							each.accept(window.key.key(), window.value);
						}
					}
				}
			}

		};
	}

	private LiveStatsQuery(Source source) {
		this.source = source;
	}

	/**
	 * A query over every window of every model, whichever instance counted it: the global
	 * {@value LiveStatsTopology#ALL_WINDOWS_STORE} store.
	 * @param store that store
	 * @return the query
	 */
	public static LiveStatsQuery ofAllWindows(ReadOnlyKeyValueStore<String, LiveWindow> store) {
		return new LiveStatsQuery(new Source() {

			@Override
			public void key(LiveKey key, Instant from, Instant to, BiConsumer<LiveKey, LiveStats> each) {
				AllWindows.overlapping(store, LiveJson.keyPrefix(key), from, to, each);
			}

			@Override
			public void model(String model, Instant from, Instant to, BiConsumer<LiveKey, LiveStats> each) {
				AllWindows.overlapping(store, LiveJson.modelPrefix(model), from, to, each);
			}

		});
	}

	/**
	 * One version's stats in one role over a span.
	 * @param key whose stats
	 * @param from the span's start
	 * @param to the span's end, inclusive
	 * @return the sum of every window overlapping the span, empty stats if none
	 */
	public LiveStats sum(LiveKey key, Instant from, Instant to) {
		LiveStats[] sum = { LiveStats.empty() };
		this.source.key(key, from, to, (ignored, stats) -> sum[0] = sum[0].plus(stats));
		return sum[0];
	}

	/**
	 * Every version and role of a model over a span. This scans every window of the model
	 * in the span: its cost grows with all the versions live at once, which is a handful
	 * per model.
	 * @param model the model's name
	 * @param from the span's start
	 * @param to the span's end, inclusive
	 * @return the sums per version and role, in the order first met
	 */
	public Map<LiveKey, LiveStats> ofModel(String model, Instant from, Instant to) {
		Map<LiveKey, LiveStats> sums = new LinkedHashMap<>();
		this.source.model(model, from, to, (key, stats) -> sums.merge(key, stats, LiveStats::plus));
		return sums;
	}

	// the earliest start of a window [start, start + size) that still overlaps the span
	private static Instant firstStart(Instant from, Duration windowSize) {
		Instant start = from.minus(windowSize).plusMillis(1);
		return start.isBefore(Instant.EPOCH) ? Instant.EPOCH : start;
	}

	/** Where windows come from. */
	private interface Source {

		void key(LiveKey key, Instant from, Instant to, BiConsumer<LiveKey, LiveStats> each);

		void model(String model, Instant from, Instant to, BiConsumer<LiveKey, LiveStats> each);

	}

}
