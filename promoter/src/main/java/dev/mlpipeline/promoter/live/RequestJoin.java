package dev.mlpipeline.promoter.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.promoter.live.LiveEvidence.Contribution;

/**
 * Joins each prediction with the feedback on its rows, by request, whichever arrives
 * first, and emits what the newly labelled rows add. A prediction waits for its feedback,
 * and feedback for its prediction, for the join retention; the rows already counted are
 * kept with the prediction, so feedback sent twice counts once. Feedback that finds no
 * prediction within the retention is dropped and counted ({@value #EXPIRED_FEEDBACK}).
 *
 * <p>
 * Two records join when their timestamps are at most the retention apart. Labels are
 * emitted with the timestamp of the record that completed the join, so they count in the
 * window in which they became known (a prediction's own window may have closed by then).
 */
final class RequestJoin implements ProcessorSupplier<String, RequestJoin.Arrival, LiveKey, LiveStats> {

	/** The operation whose {@code -total} metric counts feedback dropped unjoined. */
	static final String EXPIRED_FEEDBACK = "expired-feedback";

	private final Duration retention;

	RequestJoin(Duration retention) {
		this.retention = retention;
	}

	/**
	 * The join key of a prediction or its feedback: the model and the request id, apart.
	 * @return the key, or {@code null} when either is missing
	 */
	static String key(String model, String requestId) {
		return (model != null && requestId != null) ? model + "\n" + requestId : null;
	}

	@Override
	public Processor<String, Arrival, LiveKey, LiveStats> get() {
		return new Join(this.retention.toMillis());
	}

	@Override
	public Set<StoreBuilder<?>> stores() {
		return Set.of(
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LiveStatsTopology.PENDING_PREDICTIONS_STORE),
						Serdes.String(), LiveJson.strict(WaitingPrediction.class)),
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LiveStatsTopology.PENDING_FEEDBACK_STORE),
						Serdes.String(), LiveJson.strict(WaitingFeedback.class)));
	}

	/**
	 * A prediction or feedback on its way to the join: exactly one of the two is set.
	 *
	 * @param prediction a logged prediction (its input rows left out: no label needs
	 * them)
	 * @param feedback feedback on a prediction's rows
	 */
	record Arrival(PredictionLogged prediction, FeedbackReceived feedback) {

		static Arrival of(PredictionLogged prediction) {
			return new Arrival(new PredictionLogged(prediction.eventId(), prediction.modelName(), prediction.version(),
					prediction.role(), prediction.requestId(), prediction.routingKey(), List.of(), prediction.outputs(),
					prediction.latencyMs(), prediction.errorKind(), prediction.shadow(), prediction.loggedAt()), null);
		}

		static Arrival of(FeedbackReceived feedback) {
			return new Arrival(null, feedback);
		}

	}

	/**
	 * A prediction waiting for (more) feedback.
	 *
	 * @param prediction the prediction
	 * @param timestamp its record's timestamp
	 * @param counted the indexes of its rows already labelled
	 */
	record WaitingPrediction(PredictionLogged prediction, long timestamp, List<Integer> counted) {

	}

	/**
	 * Feedback that arrived before its prediction.
	 *
	 * @param feedback each feedback record, with its record's timestamp
	 */
	record WaitingFeedback(List<TimedFeedback> feedback) {

	}

	/**
	 * Feedback and its record's timestamp.
	 *
	 * @param feedback the feedback
	 * @param timestamp its record's timestamp
	 */
	record TimedFeedback(FeedbackReceived feedback, long timestamp) {

	}

	private static final class Join implements Processor<String, Arrival, LiveKey, LiveStats> {

		private final long retention;

		private ProcessorContext<LiveKey, LiveStats> context;

		private KeyValueStore<String, WaitingPrediction> predictions;

		private KeyValueStore<String, WaitingFeedback> feedback;

		private Sensor expired;

		Join(long retention) {
			this.retention = retention;
		}

		@Override
		public void init(ProcessorContext<LiveKey, LiveStats> context) {
			this.context = context;
			this.predictions = context.getStateStore(LiveStatsTopology.PENDING_PREDICTIONS_STORE);
			this.feedback = context.getStateStore(LiveStatsTopology.PENDING_FEEDBACK_STORE);
			this.expired = context.metrics()
				.addRateTotalSensor(LiveStatsTopology.METRICS_SCOPE, context.taskId().toString(), EXPIRED_FEEDBACK,
						Sensor.RecordingLevel.INFO);
			// entries outlive the retention by at most a quarter of it: expiry itself is
			// exact, checked against the timestamps whenever a record looks an entry up
			Duration interval = Duration.ofMillis(Math.max(1, this.retention / 4));
			context.schedule(interval, PunctuationType.STREAM_TIME, this::purge);
		}

		@Override
		public void process(Record<String, Arrival> record) {
			if (record.key() == null || record.value() == null) {
				return;
			}
			if (record.value().prediction() != null) {
				onPrediction(record.key(), record.value().prediction(), record.timestamp());
			}
			else if (record.value().feedback() != null) {
				onFeedback(record.key(), record.value().feedback(), record.timestamp());
			}
		}

		private void onPrediction(String key, PredictionLogged prediction, long timestamp) {
			WaitingPrediction known = this.predictions.get(key);
			// the same prediction logged twice keeps the rows already counted
			WaitingPrediction waiting = (known != null && within(known.timestamp(), timestamp)) ? known
					: new WaitingPrediction(prediction, timestamp, List.of());
			WaitingFeedback early = this.feedback.delete(key);
			if (early != null) {
				for (TimedFeedback each : early.feedback()) {
					if (within(each.timestamp(), timestamp)) {
						waiting = label(waiting, each.feedback(), timestamp);
					}
					else {
						this.expired.record();
					}
				}
			}
			this.predictions.put(key, waiting);
		}

		private void onFeedback(String key, FeedbackReceived received, long timestamp) {
			WaitingPrediction waiting = this.predictions.get(key);
			if (waiting == null) {
				WaitingFeedback early = this.feedback.get(key);
				List<TimedFeedback> all = new ArrayList<>((early != null) ? early.feedback() : List.of());
				all.add(new TimedFeedback(received, timestamp));
				this.feedback.put(key, new WaitingFeedback(all));
			}
			else if (within(waiting.timestamp(), timestamp)) {
				this.predictions.put(key, label(waiting, received, timestamp));
			}
			else {
				this.predictions.delete(key);
				this.expired.record();
			}
		}

		private WaitingPrediction label(WaitingPrediction waiting, FeedbackReceived received, long timestamp) {
			LiveEvidence.Labels labels = LiveEvidence.labels(waiting.prediction(), received,
					Set.copyOf(waiting.counted()));
			for (Contribution contribution : labels.contributions()) {
				this.context.forward(new Record<>(contribution.key(), contribution.stats(), timestamp));
			}
			if (labels.rows().isEmpty()) {
				return waiting;
			}
			Set<Integer> counted = new HashSet<>(waiting.counted());
			counted.addAll(labels.rows());
			return new WaitingPrediction(waiting.prediction(), waiting.timestamp(), counted.stream().sorted().toList());
		}

		private boolean within(long then, long now) {
			return Math.abs(now - then) <= this.retention;
		}

		// a scan of both stores: the price of keying them by request, which every lookup
		// needs; at one scan per quarter retention it stays a small share of the work
		private void purge(long streamTime) {
			long oldest = streamTime - this.retention;
			List<String> done = new ArrayList<>();
			try (KeyValueIterator<String, WaitingPrediction> all = this.predictions.all()) {
				all.forEachRemaining((entry) -> {
					if (entry.value.timestamp() < oldest) {
						done.add(entry.key);
					}
				});
			}
			done.forEach(this.predictions::delete);
			List<KeyValue<String, WaitingFeedback>> changed = new ArrayList<>();
			try (KeyValueIterator<String, WaitingFeedback> all = this.feedback.all()) {
				all.forEachRemaining((entry) -> {
					List<TimedFeedback> kept = entry.value.feedback()
						.stream()
						.filter((each) -> each.timestamp() >= oldest)
						.toList();
					if (kept.size() < entry.value.feedback().size()) {
						for (int i = kept.size(); i < entry.value.feedback().size(); i++) {
							this.expired.record();
						}
						changed.add(KeyValue.pair(entry.key, kept.isEmpty() ? null : new WaitingFeedback(kept)));
					}
				});
			}
			changed.forEach((entry) -> this.feedback.put(entry.key, entry.value));
		}

		@Override
		public void close() {
			this.context.metrics().removeSensor(this.expired);
		}

	}

}
