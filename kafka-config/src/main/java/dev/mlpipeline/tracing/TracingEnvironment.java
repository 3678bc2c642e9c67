package dev.mlpipeline.tracing;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Applies {@link TracingSettings} to every app of the pipeline as default properties, so
 * any other source of the same property (the app's {@code application.yml}, the
 * environment, the command line) wins.
 */
class TracingEnvironment implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = TracingSettings.defaults(environment::getProperty);
		if (!defaults.isEmpty()) {
			DefaultPropertiesPropertySource.addOrMerge(defaults, environment.getPropertySources());
		}
	}

}
