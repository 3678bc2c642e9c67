package dev.mlpipeline.serving.model;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.EventKeys;
import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionDecided;

/**
 * Hears promotions, and decisions about a challenger's rollout, and asks the lifecycle to
 * re-read the registry; the event's version is never trusted on its own, and a record not
 * keyed by its event's model (which could overtake that model's earlier promotions) is
 * refused to the dead-letter topic. Every replica must see every promotion, so each
 * instance reads every partition of both topics itself, without a consumer group (nothing
 * is committed, nothing is left behind on the broker when it stops), from the latest
 * offset: what happened before it started is read from the registry at startup and again
 * when its partitions are assigned.
 */
@Component
class ModelPromotedListener implements ConsumerSeekAware {

	private static final Logger logger = LoggerFactory.getLogger(ModelPromotedListener.class);

	private final ModelLifecycles lifecycles;

	private final Counter accepted;

	private final Counter otherModel;

	private final Counter wrongKey;

	/** The topics whose first poll has fixed this instance's position. */
	private final AtomicInteger positioned = new AtomicInteger();

	ModelPromotedListener(ModelLifecycles lifecycles, MeterRegistry meters) {
		this.lifecycles = lifecycles;
		Gauge.builder("serving.events.positioned", this.positioned, AtomicInteger::get)
			.description("Event topics this instance reads from their latest offset (2 when both are)")
			.register(meters);
		this.accepted = events(meters, "accepted");
		this.otherModel = events(meters, "other-model");
		this.wrongKey = events(meters, "wrong-key");
	}

	private static Counter events(MeterRegistry meters, String outcome) {
		return Counter.builder("serving.events")
			.tag("outcome", outcome)
			.description("ModelPromoted events received")
			.register(meters);
	}

	@KafkaListener(id = "serving-model-promoted", idIsGroup = false,
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.MODEL_PROMOTED,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.MODEL_PROMOTED + "')}"),
			properties = "auto.offset.reset=latest")
	void on(ModelPromoted event, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		try {
			EventKeys.requireModelKey(Topics.MODEL_PROMOTED, key, event.modelName());
		}
		catch (RejectedEventException ex) {
			this.wrongKey.increment();
			throw ex;
		}
		if (!this.lifecycles.serves(event.modelName())) {
			this.otherModel.increment();
			return;
		}
		logger.info("Promotion of {} version {} ({}) heard, re-reading the registry", event.modelName(),
				event.version(), event.cause());
		this.accepted.increment();
		this.lifecycles.request(event.modelName(), LoadReason.EVENT);
	}

	/**
	 * A decision about a challenger's rollout (staged, moved to its next stage, dropped)
	 * changes no production version, so it has no {@code ModelPromoted}; it is heard on
	 * the audit stream and the registry re-read at once, rather than at the next
	 * reconcile. Other decisions are left alone.
	 */
	@KafkaListener(id = "serving-promotion-decisions", idIsGroup = false,
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.PROMOTION_DECISIONS,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.PROMOTION_DECISIONS
							+ "')}"),
			properties = "auto.offset.reset=latest")
	void on(PromotionDecided event, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		EventKeys.requireModelKey(Topics.PROMOTION_DECISIONS, key, event.modelName());
		if (event.rollout() == null || !this.lifecycles.serves(event.modelName())) {
			return;
		}
		logger.info("Rollout decision {} on {} version {} ({} {}) heard, re-reading the registry", event.outcome(),
				event.modelName(), event.version(), event.rollout().stage(), event.cause());
		this.lifecycles.request(event.modelName(), LoadReason.EVENT);
	}

	/**
	 * Called once per topic, with this instance's position already fixed at the latest
	 * offsets (the container asks the consumer for each position first): the registry is
	 * read again, which closes the gap between the startup read and the first event this
	 * instance sees. With the broker out of reach at start, the positions are fixed at
	 * the first poll instead, without this call; the periodic reconcile covers that gap.
	 */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		this.positioned.incrementAndGet();
		this.lifecycles.requestAll(LoadReason.RECONCILE);
	}

}
