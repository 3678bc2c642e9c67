package dev.mlpipeline.promoter.promotion;

import java.time.Clock;

import dev.mlpipeline.kafka.TransientFailure;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.promoter.policy.PromotionPolicy;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the pure policy and tells the shared Kafka error handler that an unreachable
 * MLflow (for a registry call or the model file check) is worth waiting for: such a
 * record is retried with back-off until MLflow is back, never dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class PromotionConfiguration {

	@Bean
	PromotionPolicy promotionPolicy() {
		return new PromotionPolicy();
	}

	@Bean
	TransientFailure mlflowUnavailable() {
		return (failure) -> failure instanceof MlflowUnavailableException
				|| failure instanceof ArtifactUnavailableException;
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
