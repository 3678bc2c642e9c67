package dev.mlpipeline.promoter.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.promoter.live.LiveEvidence.Contribution;
import dev.mlpipeline.promoter.live.RequestJoin.Arrival;

/**
 * Builds the Kafka Streams topology that turns logged predictions and their feedback into
 * live stats per model version and role, in tumbling windows: queryable in the
 * {@value #STATS_STORE} window store (see {@link LiveStatsQuery}) and published on the
 * compacted {@value #LIVE_STATS_TOPIC} topic. A pure builder: wiring it into an
 * application is someone else's job.
 *
 * <p>
 * Every prediction counts at once ({@link LiveEvidence#of}); predictions and feedback are
 * then re-keyed by model and request id, repartitioned together (so both sides of a
 * request meet in one task, in order) and joined with two state stores, which emits what
 * the labels add. A record read is verified as the apps' listeners verify theirs (its
 * signature, with signing on; then its JSON): one that fails goes to its topic's
 * dead-letter topic as it arrived, with the reason in its headers, and is counted in the
 * metric group {@code stream-}{@value #METRICS_SCOPE}{@code -metrics}:
 * {@value #REFUSED_PREDICTIONS}, {@value #REFUSED_FEEDBACK} (feedback naming no model or
 * request counts too) and {@value #EXPIRED_FEEDBACK} (feedback that never met its
 * prediction), each with a {@code -total} and a {@code -rate}.
 *
 * <p>
 * The store's key is the JSON of the {@link LiveKey}; the topic's key is the JSON of the
 * key and the window's bounds, its value a {@link LiveWindow}. Both keys are written
 * field by field in a fixed order, so a key is always the same bytes.
 */
public final class LiveStatsTopology {

	/** The queryable window store of live stats, by {@link LiveKey}. */
	public static final String STATS_STORE = "live-stats";

	/** The compacted topic every updated window is published on. */
	public static final String LIVE_STATS_TOPIC = "live-stats";

	/**
	 * The global store of every window the topic holds, on every instance (see
	 * {@link AllWindows}).
	 */
	public static final String ALL_WINDOWS_STORE = "live-stats-all";

	/** The store of predictions waiting for feedback, by model and request id. */
	public static final String PENDING_PREDICTIONS_STORE = "live-pending-predictions";

	/** The store of feedback waiting for its prediction, by model and request id. */
	public static final String PENDING_FEEDBACK_STORE = "live-pending-feedback";

	/** The scope of the topology's own metrics. */
	public static final String METRICS_SCOPE = "live-stats";

	/**
	 * The operation whose {@code -total} metric counts prediction records dead-lettered:
	 * unsigned, forged or stale (with signing on), unreadable, or empty.
	 */
	public static final String REFUSED_PREDICTIONS = "refused-predictions";

	/**
	 * The operation whose {@code -total} metric counts feedback records dead-lettered,
	 * those naming no model or request included.
	 */
	public static final String REFUSED_FEEDBACK = "refused-feedback";

	/** The operation whose {@code -total} metric counts feedback dropped unjoined. */
	public static final String EXPIRED_FEEDBACK = RequestJoin.EXPIRED_FEEDBACK;

	private static final JsonMapper MAPPER = EventJson.mapper();

	private final Settings settings;

	private final @Nullable EventSignature signature;

	private final LiveUpdates updates;

	/**
	 * A builder of the topology.
	 * @param settings its windows and join
	 * @param signature checks the signature of every record read, {@code null} when
	 * events are not signed
	 */
	public LiveStatsTopology(Settings settings, @Nullable EventSignature signature) {
		this(settings, signature, new LiveUpdates());
	}

	/**
	 * A builder of the topology that says which models' stats change.
	 * @param settings its windows and join
	 * @param signature checks the signature of every record read, {@code null} when
	 * events are not signed
	 * @param updates told of every window the global store keeps
	 */
	public LiveStatsTopology(Settings settings, @Nullable EventSignature signature, LiveUpdates updates) {
		this.settings = settings;
		this.signature = signature;
		this.updates = updates;
	}

	/**
	 * The topology.
	 * @return a new topology, reading {@value Topics#PREDICTIONS} and
	 * {@value Topics#FEEDBACK}
	 */
	public Topology build() {
		StreamsBuilder builder = new StreamsBuilder();
		Serde<LiveKey> keySerde = LiveJson.liveKey();
		Serde<LiveStats> statsSerde = LiveJson.strict(LiveStats.class);

		KStream<String, PredictionLogged> predictions = verified(builder, Topics.PREDICTIONS, PredictionLogged.class,
				(prediction) -> true, REFUSED_PREDICTIONS);
		KStream<String, FeedbackReceived> feedback = verified(builder, Topics.FEEDBACK, FeedbackReceived.class,
				(received) -> RequestJoin.key(received.modelName(), received.requestId()) != null, REFUSED_FEEDBACK);

		KStream<LiveKey, LiveStats> answered = predictions.flatMap(
				(model, prediction) -> pairs(LiveEvidence.of(prediction)), Named.as("live-evidence-of-predictions"));

		KStream<LiveKey, LiveStats> labelled = predictions
			.filter((model, prediction) -> RequestJoin.key(prediction.modelName(), prediction.requestId()) != null,
					Named.as("live-joinable-predictions"))
			.map((model, prediction) -> KeyValue.pair(RequestJoin.key(prediction.modelName(), prediction.requestId()),
					Arrival.of(prediction)), Named.as("live-predictions-by-request"))
			.merge(feedback.map((model, received) -> KeyValue
				.pair(RequestJoin.key(received.modelName(), received.requestId()), Arrival.of(received)),
					Named.as("live-feedback-by-request")), Named.as("live-arrivals"))
			.repartition(Repartitioned.with(Serdes.String(), LiveJson.strict(Arrival.class))
				.withName("live-arrivals-by-request"))
			.process(new RequestJoin(this.settings.joinRetention()), Named.as("live-join-by-request"));

		answered.merge(labelled, Named.as("live-contributions"))
			.groupByKey(Grouped.with("live-contributions-by-key", keySerde, statsSerde))
			.windowedBy(TimeWindows.ofSizeAndGrace(this.settings.windowSize(), this.settings.grace()))
			.aggregate(LiveStats::empty, (key, contribution, stats) -> stats.plus(contribution),
					Named.as("live-aggregate"),
					Materialized.<LiveKey, LiveStats, WindowStore<Bytes, byte[]>>as(STATS_STORE)
						.withKeySerde(keySerde)
						.withValueSerde(statsSerde)
						.withRetention(this.settings.statsRetention()))
			.toStream(Named.as("live-windows"))
			.map((window, stats) -> {
				Instant start = window.window().startTime();
				Instant end = window.window().endTime();
				return KeyValue.pair(LiveJson.windowKey(window.key(), start, end),
						new LiveWindow(window.key(), start, end, stats));
			}, Named.as("live-windows-keyed"))
			.to(LIVE_STATS_TOPIC,
					Produced.with(Serdes.String(), LiveJson.strict(LiveWindow.class)).withName("live-publish-windows"));
		builder.addGlobalStore(
				Stores
					.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALL_WINDOWS_STORE), Serdes.String(),
							LiveJson.strict(LiveWindow.class))
					.withLoggingDisabled(),
				LIVE_STATS_TOPIC, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("live-read-all-windows"),
				AllWindows.keeper(this.signature, this.updates));
		return builder.build();
	}

	/**
	 * The events of one input topic whose records were verified and read; the others go
	 * to the topic's dead-letter topic as they arrived.
	 */
	private <T> KStream<String, T> verified(StreamsBuilder builder, String topic, Class<T> type, Predicate<T> usable,
			String operation) {
		KStream<String, VerifiedRead.Read<T>> read = builder
			.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("live-read-" + topic))
			.processValues(new VerifiedRead<>(topic, type, MAPPER, this.signature, usable, operation),
					Named.as("live-verify-" + topic));
		read.filterNot((key, value) -> value.accepted(), Named.as("live-refused-" + topic))
			.mapValues(VerifiedRead.Read::raw, Named.as("live-refused-bytes-" + topic))
			.to(topic + TopicSpec.DEAD_LETTER_SUFFIX,
					Produced.with(Serdes.String(), Serdes.ByteArray()).withName("live-dead-letter-" + topic));
		return read.filter((key, value) -> value.accepted(), Named.as("live-accepted-" + topic))
			.mapValues(VerifiedRead.Read::event, Named.as("live-events-" + topic));
	}

	private static List<KeyValue<LiveKey, LiveStats>> pairs(List<Contribution> contributions) {
		return contributions.stream()
			.map((contribution) -> KeyValue.pair(contribution.key(), contribution.stats()))
			.toList();
	}

	/**
	 * How the topology windows and joins.
	 *
	 * @param windowSize the size of a tumbling window
	 * @param grace how long after a window's end a late record still counts in it
	 * @param joinRetention how long a prediction waits for its feedback, and feedback for
	 * its prediction
	 * @param statsRetention how long the {@value #STATS_STORE} store keeps a window, so a
	 * rollout's whole span can be summed (at least the window size and grace)
	 */
	public record Settings(Duration windowSize, Duration grace, Duration joinRetention, Duration statsRetention) {

		public Settings {
			positive(windowSize, "windowSize");
			Objects.requireNonNull(grace, "grace");
			if (grace.isNegative()) {
				throw new IllegalArgumentException("grace must not be negative: " + grace);
			}
			positive(joinRetention, "joinRetention");
			positive(statsRetention, "statsRetention");
			if (statsRetention.compareTo(windowSize.plus(grace)) < 0) {
				throw new IllegalArgumentException("statsRetention " + statsRetention
						+ " must be at least the window size and grace, " + windowSize.plus(grace));
			}
		}

		/**
		 * One-minute windows, five minutes' grace, an hour's join and a day of windows
		 * kept (a rollout lasts an hour at most by default).
		 * @return the default settings
		 */
		public static Settings defaults() {
			return new Settings(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(1));
		}

		private static void positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive: " + duration);
			}
		}

	}

}
