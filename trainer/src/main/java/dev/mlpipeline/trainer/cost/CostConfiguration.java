package dev.mlpipeline.trainer.cost;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import dev.mlpipeline.trainer.TrainerProperties;

/**
 * Wires the cost measurement to the trainer's settings and to the limits of the shared
 * verified read, so a model is measured as serving would load it.
 */
@Configuration(proxyBeanMethods = false)
class CostConfiguration {

	@Bean
	CostMeter costMeter(TrainerProperties properties, VerifiedModelFiles files) {
		return new CostMeter(properties.cost().warmupRows(), properties.cost().timedRows(), files.limits());
	}

}
