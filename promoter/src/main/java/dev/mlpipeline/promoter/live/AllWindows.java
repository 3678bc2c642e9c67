package dev.mlpipeline.promoter.live;

import java.time.Instant;
import java.util.function.BiConsumer;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mlpipeline.kafka.signing.EventSignature;

/**
 * Every window of live stats of every model, on every promoter replica: a global store
 * fed by the {@value LiveStatsTopology#LIVE_STATS_TOPIC} topic the topology publishes its
 * windows on, so a replica answers for models whose stats other replicas' partitions
 * count. Each record is verified as the topology's inputs are (with signing on, a window
 * someone else wrote is refused and logged, never counted); a later record of a window
 * replaces the earlier one.
 */
final class AllWindows {

	private static final Logger logger = LoggerFactory.getLogger(AllWindows.class);

	private static final StringSerializer KEYS = new StringSerializer();

	private AllWindows() {
	}

	/**
	 * The processor that keeps the global store.
	 * @param signature checks signatures, {@code null} when events are not signed
	 * @param updates told of each window kept
	 * @return its supplier
	 */
	static ProcessorSupplier<String, byte[], Void, Void> keeper(@Nullable EventSignature signature,
			LiveUpdates updates) {
		VerifiedRead<LiveWindow> reader = new VerifiedRead<>(LiveStatsTopology.LIVE_STATS_TOPIC, LiveWindow.class,
				LiveJson.mapper(), signature, (window) -> window.key() != null && window.start() != null
						&& window.end() != null && window.stats() != null,
				"refused-windows");
		return () -> new Processor<>() {

			private KeyValueStore<String, LiveWindow> store;

			@Override
			public void init(ProcessorContext<Void, Void> context) {
				this.store = context.getStateStore(LiveStatsTopology.ALL_WINDOWS_STORE);
			}

			@Override
			public void process(Record<String, byte[]> record) {
				VerifiedRead.Outcome<LiveWindow> read = reader.read(record.key(), record.headers(), record.value(),
						record.timestamp());
				if (read.event() == null) {
					logger.warn("A live stats window on '{}' was not counted (key {}): {}",
							LiveStatsTopology.LIVE_STATS_TOPIC, record.key(), read.refusal());
					return;
				}
				this.store.put(record.key(), read.event());
				updates.windowKept(read.event().key());
			}

		};
	}

	/**
	 * Hands every window of a model, or of one version in one role, that overlaps a span.
	 * @param store the global store
	 * @param prefix {@link LiveJson#modelPrefix} or {@link LiveJson#keyPrefix}
	 * @param from the span's start
	 * @param to the span's end, inclusive
	 * @param each gets each window's key and stats
	 */
	static void overlapping(ReadOnlyKeyValueStore<String, LiveWindow> store, String prefix, Instant from, Instant to,
			BiConsumer<LiveKey, LiveStats> each) {
		try (KeyValueIterator<String, LiveWindow> windows = store.prefixScan(prefix, KEYS)) {
			while (windows.hasNext()) {
				KeyValue<String, LiveWindow> entry = windows.next();
				LiveWindow window = entry.value;
				if (window.end().isAfter(from) && !window.start().isAfter(to)) {
					each.accept(window.key(), window.stats());
				}
			}
		}
	}

}
