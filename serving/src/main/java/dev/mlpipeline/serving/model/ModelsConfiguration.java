package dev.mlpipeline.serving.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.serving.ServingProperties;

/**
 * The served models ({@code serving.models}, else {@code serving.model-name} alone) and
 * one lifecycle each; the default model is a bean of its own for the endpoints that
 * answer for it.
 */
@Configuration(proxyBeanMethods = false)
class ModelsConfiguration {

	@Bean
	ServedModels servedModels(ServingProperties properties) {
		return new ServedModels(properties.servedModels());
	}

	@Bean
	ActiveModel defaultModel(ServedModels models) {
		return models.defaultModel();
	}

	@Bean
	ModelLifecycles modelLifecycles(ServedModels models, ModelRegistry registry, ModelLoader loader,
			MeterRegistry meters, ServingProperties properties, ObjectProvider<ObservationRegistry> observations) {
		return new ModelLifecycles(models, registry, loader, meters, properties,
				observations.getIfUnique(() -> ObservationRegistry.NOOP));
	}

}
