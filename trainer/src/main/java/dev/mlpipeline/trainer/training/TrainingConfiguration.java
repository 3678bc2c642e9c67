package dev.mlpipeline.trainer.training;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.trainer.TrainerProperties;

/**
 * The Weka side of the trainer: prepares the JVM for Weka once, then provides data set
 * and algorithm resolution, validation, training and packaging.
 */
@Configuration(proxyBeanMethods = false)
class TrainingConfiguration {

	TrainingConfiguration(TrainerProperties properties) {
		WekaEnvironment.configure(properties.wekaHomeOrDefault());
	}

	@Bean
	DatasetResolver datasetResolver(TrainerProperties properties) {
		return new DatasetResolver(properties.dataDir());
	}

	@Bean
	AlgorithmResolver algorithmResolver(TrainerProperties properties) {
		return new AlgorithmResolver(properties.dataDir());
	}

	@Bean
	JobValidator jobValidator(DatasetResolver datasets, AlgorithmResolver algorithms) {
		return new JobValidator(datasets, algorithms);
	}

	@Bean
	ModelTrainer modelTrainer() {
		return new ModelTrainer();
	}

	@Bean
	ModelPackager modelPackager() {
		return new ModelPackager();
	}

}
