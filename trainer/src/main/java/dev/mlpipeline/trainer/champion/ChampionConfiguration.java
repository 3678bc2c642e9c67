package dev.mlpipeline.trainer.champion;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import dev.mlpipeline.trainer.TrainerProperties;

/**
 * Wires the champion's re-scoring to the registry and the shared verified read.
 */
@Configuration(proxyBeanMethods = false)
class ChampionConfiguration {

	@Bean
	ChampionComparison championComparison(ModelRegistry registry, MlflowTracking tracking, VerifiedModelFiles files,
			TrainerProperties properties) {
		return new ChampionComparison(registry, tracking, files, properties.champion());
	}

}
