package dev.mlpipeline.promoter.live;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.config.PipelineKafkaProperties;
import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.kafka.signing.SigningProducerInterceptor;

/**
 * The live stats edge of the promoter: the topology run as a Kafka Streams application
 * with the app's Kafka settings (its producer signing, with signing on), the compacted
 * {@value LiveStatsTopology#LIVE_STATS_TOPIC} topic it publishes on, and what {@code GET
 * /models/{name}/live} reads. Off with {@code promotion.live.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "promotion.live.enabled", matchIfMissing = true)
class LiveConfiguration {

	// as many as the catalogue's topics, keyed by model like them
	private static final int PARTITIONS = 3;

	@Bean
	LiveUpdates liveUpdates() {
		return new LiveUpdates();
	}

	@Bean
	LiveStatsStreams liveStatsStreams(LiveProperties properties, KafkaProperties kafka,
			ObjectProvider<EventSignature> signature, MeterRegistry meters, LiveUpdates updates) {
		EventSignature signing = signature.getIfAvailable();
		LiveStatsTopology topology = new LiveStatsTopology(new LiveStatsTopology.Settings(properties.window(),
				properties.grace(), properties.joinRetention(), properties.statsRetention()), signing, updates);
		Map<String, Object> configs = new HashMap<>(kafka.buildStreamsProperties());
		if (signing != null) {
			Map<String, Object> producer = SigningProducerInterceptor.configs(Map.of(), signing);
			producer.forEach((name, value) -> configs.put(StreamsConfig.producerPrefix(name), value));
		}
		return new LiveStatsStreams(topology.build(), configs, properties, meters);
	}

	/**
	 * The topic of live windows: compacted to the latest stats of each window, and
	 * windows older than the stats' retention deleted.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "pipeline.kafka.create-topics", matchIfMissing = true)
	KafkaAdmin.NewTopics liveStatsTopic(PipelineKafkaProperties kafka, LiveProperties properties) {
		NewTopic topic = TopicBuilder.name(LiveStatsTopology.LIVE_STATS_TOPIC)
			.partitions(PARTITIONS)
			.replicas(kafka.replicationFactor())
			.configs(TopicSpec.TIMESTAMP_CONFIG)
			.config("cleanup.policy", "compact,delete")
			.config("retention.ms", String.valueOf(properties.statsRetention().toMillis()))
			.build();
		return new KafkaAdmin.NewTopics(topic);
	}

}
