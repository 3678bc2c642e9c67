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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
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
import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.kafka.signing.EventSigningProperties;
import dev.mlpipeline.kafka.signing.SignatureVerifyingInterceptor;
import dev.mlpipeline.kafka.signing.SigningProducerInterceptor;

/**
 * The Kafka defaults every app of the pipeline gets by depending on this module: the
 * catalogue's topics declared, JSON events without type headers, an idempotent producer,
 * consumers that survive malformed records, and one error handler that retries with
 * back-off and then dead-letters; with {@code pipeline.event.signing-key} set, every
 * record produced is signed and every record consumed verified.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({ PipelineKafkaProperties.class, EventSigningProperties.class })
public class PipelineKafkaAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(PipelineKafkaAutoConfiguration.class);

	/** Boot's switch for altering the settings of topics that already exist. */
	static final String MODIFY_TOPIC_CONFIGS = "spring.kafka.admin.modify-topic-configs";

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

	/**
	 * Makes the app's {@code KafkaAdmin} bring topics that already exist to the
	 * catalogue's settings, not only create missing ones: a broker whose topics an older
	 * version created would otherwise keep {@code CreateTime} timestamps, against which a
	 * replayed signed record is not recognised as stale. An explicit
	 * {@value #MODIFY_TOPIC_CONFIGS} wins.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "pipeline.kafka.create-topics", matchIfMissing = true)
	static BeanPostProcessor pipelineTopicConfigsApplied(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof KafkaAdmin admin && !environment.containsProperty(MODIFY_TOPIC_CONFIGS)) {
					admin.setModifyTopicConfigs(true);
				}
				return bean;
			}
		};
	}

	/**
	 * Says once at start when events are not signed, and makes sure the verifier is the
	 * container factory's record interceptor when they are: Boot hands the factory a
	 * {@code RecordInterceptor} bean only when it is the only one, so a second one would
	 * silently switch verification off.
	 */
	@Bean
	SmartInitializingSingleton pipelineEventSigningCheck(EventSigningProperties signing,
			ListableBeanFactory beanFactory) {
		return () -> {
			if (!signing.enabled()) {
				logger.warn("Kafka events are not signed, and unsigned events are accepted: anyone who can write "
						+ "to the topics can train, promote or make serving swap. Set PIPELINE_EVENT_SIGNING_KEY "
						+ "(at least {} bytes, the same on every app; e.g. openssl rand -base64 32) to sign every "
						+ "event and refuse unsigned, forged and stale ones.", EventSignature.MIN_KEY_BYTES);
				return;
			}
			String[] interceptors = beanFactory.getBeanNamesForType(RecordInterceptor.class);
			if (interceptors.length > 1) {
				throw new IllegalStateException("Event signatures are verified by the RecordInterceptor bean "
						+ "'pipelineSignatureVerifier', but the context has " + interceptors.length + " ("
						+ String.join(", ", interceptors) + ") and Spring Boot then gives the listener containers "
						+ "none: combine the others with it in one CompositeRecordInterceptor bean");
			}
		};
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

	/**
	 * Signing and verifying, when a signing key is set.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(SigningKeyCondition.class)
	static class EventSigningConfiguration {

		@Bean
		EventSignature pipelineEventSignature(EventSigningProperties properties) {
			return EventSignature.of(properties);
		}

		/**
		 * Adds the signing interceptor to every producer the app's factory creates (and
		 * to copies of the factory); last, so it signs what other customizers set up.
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		DefaultKafkaProducerFactoryCustomizer pipelineEventSigning(EventSignature signature) {
			return (factory) -> factory
				.updateConfigs(SigningProducerInterceptor.configs(factory.getConfigurationProperties(), signature));
		}

		@Bean
		RecordInterceptor<Object, Object> pipelineSignatureVerifier(EventSignature signature,
				ObjectProvider<MeterRegistry> meterRegistry) {
			return new SignatureVerifyingInterceptor(signature, (topic, reason) -> {
				MeterRegistry registry = meterRegistry.getIfAvailable();
				if (registry != null) {
					Counter.builder("pipeline.events.rejected")
						.description("Records refused for their signature, by topic and reason")
						.tag("topic", topic)
						.tag("reason", reason.code())
						.register(registry)
						.increment();
				}
			});
		}

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
