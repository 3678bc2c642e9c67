package dev.mlpipeline.promoter.command;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PromotionReplied;

/**
 * Reads every answer on {@code promotion-replies} on every replica (all partitions, no
 * consumer group, from the latest offset) and hands each to the caller waiting for it
 * here, if any.
 */
@Component
class ReplyListener {

	private final CommandBus bus;

	ReplyListener(CommandBus bus) {
		this.bus = bus;
	}

	@KafkaListener(id = "promoter-replies", idIsGroup = false,
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.PROMOTION_REPLIES,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.PROMOTION_REPLIES
							+ "')}"),
			properties = "auto.offset.reset=latest")
	void on(PromotionReplied reply) {
		this.bus.complete(reply);
	}

}
