package dev.mlpipeline.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;

/**
 * One topic of the pipeline with the payload type it carries and the broker settings it
 * is created with; its dead-letter topic has the same partition count so failed records
 * keep their partition.
 *
 * @param <T> the event record carried by the topic
 * @param name topic name
 * @param payloadType event record type of the values
 * @param partitions partition count (records are keyed by model name)
 * @param configs topic-level broker configs (retention, cleanup policy); every topic is
 * also declared with {@link #TIMESTAMP_CONFIG}
 */
public record TopicSpec<T>(String name, Class<T> payloadType, int partitions, Map<String, String> configs) {

	/** Suffix of every dead-letter topic. */
	public static final String DEAD_LETTER_SUFFIX = ".DLT";

	/**
	 * Topic config every topic and dead-letter topic of the catalogue is declared with:
	 * the broker, not the producer, sets each record's timestamp to the time it appended
	 * it. Signature freshness is judged against that time (see
	 * {@code dev.mlpipeline.kafka.signing.EventSignature}): a producer cannot backdate
	 * it, so an old signed record copied back onto a topic is stale, while a genuine
	 * record that waits in the log for a consumer stays valid however long it waits.
	 */
	public static final Map<String, String> TIMESTAMP_CONFIG = Map.of("message.timestamp.type", "LogAppendTime");

	/** Retention of dead-letter topics: long enough for someone to look. */
	static final String DEAD_LETTER_RETENTION_MS = String.valueOf(30L * 24 * 60 * 60 * 1000);

	public TopicSpec {
		configs = Map.copyOf(configs);
	}

	/**
	 * Name of this topic's dead-letter topic.
	 * @return the topic name with {@value #DEAD_LETTER_SUFFIX}
	 */
	public String deadLetter() {
		return this.name + DEAD_LETTER_SUFFIX;
	}

	/**
	 * Declaration of this topic for {@code KafkaAdmin}.
	 * @param replicas replication factor
	 * @return the topic to create
	 */
	public NewTopic toNewTopic(short replicas) {
		return TopicBuilder.name(this.name)
			.partitions(this.partitions)
			.replicas(replicas)
			.configs(TIMESTAMP_CONFIG)
			.configs(this.configs)
			.build();
	}

	/**
	 * Declaration of the dead-letter topic for {@code KafkaAdmin}.
	 * @param replicas replication factor
	 * @return the dead-letter topic to create
	 */
	public NewTopic toDeadLetterTopic(short replicas) {
		return TopicBuilder.name(deadLetter())
			.partitions(this.partitions)
			.replicas(replicas)
			.configs(TIMESTAMP_CONFIG)
			.config("retention.ms", DEAD_LETTER_RETENTION_MS)
			.build();
	}

}
