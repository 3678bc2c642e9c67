package dev.mlpipeline.mlflow;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.mlpipeline.mlflow.model.ModelFileLimits;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;

/**
 * Creates the MLflow client beans from {@code mlflow.tracking.*} (or the standard
 * {@code MLFLOW_TRACKING_*} environment) in every app that depends on the module.
 */
@AutoConfiguration
@EnableConfigurationProperties(MlflowProperties.class)
public class MlflowAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MlflowConnection mlflowConnection(MlflowProperties properties, ObjectProvider<ObservationRegistry> observations) {
		return new MlflowConnection(properties, observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	MlflowTracking mlflowTracking(MlflowConnection connection) {
		return new MlflowTracking(connection);
	}

	@Bean
	@ConditionalOnMissingBean
	MlflowCapabilities mlflowCapabilities(MlflowConnection connection) {
		return new MlflowCapabilities(connection);
	}

	@Bean
	@ConditionalOnMissingBean
	LoggedModels loggedModels(MlflowConnection connection) {
		return new LoggedModels(connection);
	}

	@Bean
	@ConditionalOnMissingBean
	MlflowArtifacts mlflowArtifacts(MlflowConnection connection) {
		return new MlflowArtifacts(connection);
	}

	@Bean
	@ConditionalOnMissingBean
	VerifiedModelFiles verifiedModelFiles(ModelRegistry registry, MlflowArtifacts artifacts) {
		return new VerifiedModelFiles(registry, artifacts, ModelFileLimits.DEFAULTS);
	}

	@Bean
	@ConditionalOnMissingBean
	ModelRegistry modelRegistry(MlflowConnection connection) {
		return new ModelRegistry(connection);
	}

}
