package dev.mlpipeline.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionReplied;
import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * The topic catalogue: every topic name and payload type is written here once, as
 * constants usable in {@code @KafkaListener(topics = Topics.MODEL_PROMOTED)}.
 */
public final class Topics {

	/** Training jobs published by {@code POST /jobs} or any producer. */
	public static final String TRAINING_JOBS = "training-jobs";

	/** Model versions registered by the trainer. */
	public static final String MODEL_REGISTERED = "model-registered";

	/** Training jobs that ended without a version. */
	public static final String TRAINING_FAILED = "training-failed";

	/** The promoter's audit stream: one record per decision. */
	public static final String PROMOTION_DECISIONS = "promotion-decisions";

	/**
	 * Production changes; compacted, so the latest promotion per model is always there.
	 */
	public static final String MODEL_PROMOTED = "model-promoted";

	/** Serving's prediction log: one record per request (sampled). */
	public static final String PREDICTIONS = "predictions";

	/** Ground truth for the rows of earlier prediction requests. */
	public static final String FEEDBACK = "feedback";

	/**
	 * Commands to the promoter (operators' actions, live checks), applied by the replica
	 * that owns the model's partition.
	 */
	public static final String PROMOTION_COMMANDS = "promotion-commands";

	/** The answers to those commands, for the replica whose caller waits. */
	public static final String PROMOTION_REPLIES = "promotion-replies";

	/**
	 * Serving replicas' heartbeats, keyed by instance id; compacted, and deleted a day
	 * after a replica's last report.
	 */
	public static final String SERVING_STATUS = "serving-status";

	private static final int PARTITIONS = 3;

	private static final String DAY_MS = String.valueOf(24L * 60 * 60 * 1000);

	private static final List<TopicSpec<?>> ALL = List.of(
			new TopicSpec<>(TRAINING_JOBS, TrainingRequested.class, PARTITIONS, retentionDays(7)),
			new TopicSpec<>(MODEL_REGISTERED, ModelRegistered.class, PARTITIONS, retentionDays(30)),
			new TopicSpec<>(TRAINING_FAILED, TrainingFailed.class, PARTITIONS, retentionDays(30)),
			new TopicSpec<>(PROMOTION_DECISIONS, PromotionDecided.class, PARTITIONS, retentionDays(365)),
			new TopicSpec<>(MODEL_PROMOTED, ModelPromoted.class, PARTITIONS,
					Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", DAY_MS)),
			new TopicSpec<>(PREDICTIONS, PredictionLogged.class, PARTITIONS, retentionDays(7)),
			new TopicSpec<>(FEEDBACK, FeedbackReceived.class, PARTITIONS, retentionDays(30)),
			new TopicSpec<>(PROMOTION_COMMANDS, PromotionRequested.class, PARTITIONS, retentionDays(1)),
			new TopicSpec<>(PROMOTION_REPLIES, PromotionReplied.class, PARTITIONS, retentionDays(1)),
			new TopicSpec<>(SERVING_STATUS, ServingStatus.class, PARTITIONS,
					Map.of("cleanup.policy", "compact,delete", "retention.ms", DAY_MS)));

	private Topics() {
	}

	/**
	 * Every topic of the pipeline (dead-letter topics not included).
	 * @return the catalogue, in pipeline order
	 */
	public static List<TopicSpec<?>> all() {
		return ALL;
	}

	/**
	 * The topic with the given name; a dead-letter topic resolves to its source topic's
	 * spec, since it carries the same payloads.
	 * @param name a topic or dead-letter topic name
	 * @return the spec, or empty for a topic outside the catalogue
	 */
	public static Optional<TopicSpec<?>> find(String name) {
		String source = name.endsWith(TopicSpec.DEAD_LETTER_SUFFIX)
				? name.substring(0, name.length() - TopicSpec.DEAD_LETTER_SUFFIX.length()) : name;
		return ALL.stream().filter((spec) -> spec.name().equals(source)).findFirst();
	}

	/**
	 * Every partition number of a catalogue topic, for a listener that reads them all
	 * without a consumer group ({@code @TopicPartition(partitions = "#{...}")}): the
	 * catalogue's count is the topic's, since every app's {@code KafkaAdmin} brings the
	 * topic up to it at start.
	 * @param name a topic of the catalogue
	 * @return {@code "0"} to {@code "<partitions - 1>"}
	 * @throws IllegalArgumentException for a topic outside the catalogue
	 */
	public static String[] partitionNumbers(String name) {
		TopicSpec<?> spec = find(name)
			.orElseThrow(() -> new IllegalArgumentException("Topic " + name + " is not in the catalogue"));
		return java.util.stream.IntStream.range(0, spec.partitions()).mapToObj(String::valueOf).toArray(String[]::new);
	}

	private static Map<String, String> retentionDays(long days) {
		return Map.of("retention.ms", String.valueOf(days * 24 * 60 * 60 * 1000));
	}

}
