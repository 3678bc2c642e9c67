package dev.mlpipeline.promoter.replicas;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ServingStatus;

/**
 * Every serving replica's latest heartbeat, read from the compacted
 * {@code serving-status} topic by every promoter replica on its own: all partitions, no
 * consumer group, from the beginning, so a restarted promoter knows the replicas again
 * within one read of the topic. The map is a cache of the topic, never the truth.
 */
@Component
class ReplicaDirectory {

	private final Map<String, ServingStatus> latest = new ConcurrentHashMap<>();

	@KafkaListener(id = "promoter-serving-status", idIsGroup = false,
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.SERVING_STATUS,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.SERVING_STATUS + "')}"),
			properties = "auto.offset.reset=earliest")
	void on(ServingStatus status, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		if (status.instanceId() == null || !status.instanceId().equals(key) || status.reportedAt() == null) {
			throw new RejectedEventException("A serving status must be keyed by its instanceId and say when it was "
					+ "reported; key " + key + ", instanceId " + status.instanceId(),
					Map.of("key", String.valueOf(key)));
		}
		this.latest.merge(status.instanceId(), status,
				(known, next) -> next.reportedAt().isBefore(known.reportedAt()) ? known : next);
	}

	Collection<ServingStatus> all() {
		return List.copyOf(this.latest.values());
	}

}
