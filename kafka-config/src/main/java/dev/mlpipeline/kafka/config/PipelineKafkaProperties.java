package dev.mlpipeline.kafka.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the shared Kafka defaults, under {@code pipeline.kafka}.
 *
 * @param createTopics whether the app declares the catalogue's topics (and their
 * dead-letter topics) to the broker at start
 * @param replicationFactor replication factor of the declared topics (1 for a single-node
 * broker)
 * @param retry back-off for a failing record before it is dead-lettered
 * @param transientMaxInterval longest pause between attempts for a failure a
 * {@code TransientFailure} bean recognises; such a record is retried until it succeeds
 * @param sendTimeout how long {@code EventPublisher} waits for the broker to acknowledge
 * an event
 */
@ConfigurationProperties("pipeline.kafka")
@Validated
public record PipelineKafkaProperties(@DefaultValue("true") boolean createTopics,
		@DefaultValue("1") @Min(1) short replicationFactor, @DefaultValue Retry retry,
		@DefaultValue("30s") Duration transientMaxInterval, @DefaultValue("30s") Duration sendTimeout) {

	/**
	 * Bounded exponential back-off for ordinary failures.
	 *
	 * @param initialInterval pause before the first retry
	 * @param multiplier growth of the pause per attempt
	 * @param maxInterval longest pause
	 * @param maxRetries retries before the record goes to its dead-letter topic
	 */
	public record Retry(@DefaultValue("500ms") Duration initialInterval, @DefaultValue("2.0") double multiplier,
			@DefaultValue("5s") Duration maxInterval, @DefaultValue("3") @Min(0) int maxRetries) {
	}

}
