package dev.mlpipeline.kafka.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import dev.mlpipeline.kafka.EventNotSentException;
import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.TransientFailure;
import dev.mlpipeline.kafka.serde.EventDeserializer;
import dev.mlpipeline.kafka.serde.EventSerializer;

/**
 * The Kafka defaults every app of the pipeline gets by depending on this module: the
 * catalogue's topics declared, JSON events without type headers, an idempotent producer,
 * consumers that survive malformed records, and one error handler that retries with
 * back-off and then dead-letters.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(PipelineKafkaProperties.class)
public class PipelineKafkaAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "pipeline.kafka.create-topics", matchIfMissing = true)
	KafkaAdmin.NewTopics pipelineTopics(PipelineKafkaProperties properties) {
		short replicas = properties.replicationFactor();
		List<NewTopic> topics = Topics.all()
			.stream()
			.flatMap((spec) -> Stream.of(spec.toNewTopic(replicas), spec.toDeadLetterTopic(replicas)))
			.toList();
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	@Bean
	DefaultKafkaProducerFactoryCustomizer pipelineProducerDefaults() {
		return (factory) -> factory.updateConfigs(producerConfigs());
	}

	@Bean
	DefaultKafkaConsumerFactoryCustomizer pipelineConsumerDefaults() {
		return (factory) -> {
			Map<String, Object> configs = consumerConfigs();
			// a new consumer group starts from the beginning unless the app chose
			// otherwise:
			// a job published before the first trainer started must still be trained
			if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)) {
				configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			}
			factory.updateConfigs(configs);
		};
	}

	@Bean
	@ConditionalOnMissingBean
	@SuppressWarnings("unchecked")
	EventPublisher eventPublisher(KafkaOperations<?, ?> kafkaOperations, PipelineKafkaProperties properties) {
		return new EventPublisher((KafkaOperations<String, Object>) kafkaOperations, properties.sendTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler pipelineErrorHandler(KafkaOperations<?, ?> kafkaOperations, PipelineKafkaProperties properties,
			ObjectProvider<TransientFailure> transientFailures) {
		DeadLetterPublishingRecoverer recoverer = new PipelineDeadLetterRecoverer(kafkaOperations);
		PipelineKafkaProperties.Retry retry = properties.retry();
		ExponentialBackOffWithMaxRetries bounded = new ExponentialBackOffWithMaxRetries(retry.maxRetries());
		bounded.setInitialInterval(retry.initialInterval().toMillis());
		bounded.setMultiplier(retry.multiplier());
		bounded.setMaxInterval(retry.maxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, bounded);
		handler.addNotRetryableExceptions(RejectedEventException.class);
		// an event the broker did not take is always transient: the record waits for
		// Kafka
		List<TransientFailure> transients = Stream
			.concat(Stream.of((TransientFailure) EventNotSentException.class::isInstance),
					transientFailures.orderedStream())
			.toList();
		handler.setBackOffFunction((record, failure) -> isTransient(failure, transients)
				? untilItSucceeds(retry, properties.transientMaxInterval().toMillis()) : null);
		return handler;
	}

	static Map<String, Object> producerConfigs() {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		configs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return configs;
	}

	static Map<String, Object> consumerConfigs() {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
		configs.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
		configs.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, EventDeserializer.class);
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return configs;
	}

	static boolean isTransient(Throwable failure, List<TransientFailure> transients) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Throwable candidate = cause;
			if (transients.stream().anyMatch((test) -> test.test(candidate))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static ExponentialBackOff untilItSucceeds(PipelineKafkaProperties.Retry retry, long maxInterval) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		backOff.setMaxInterval(maxInterval);
		return backOff;
	}

}
