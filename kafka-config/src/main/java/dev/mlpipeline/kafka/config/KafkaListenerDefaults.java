package dev.mlpipeline.kafka.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Gives Spring Boot's {@code spring.kafka.listener.auth-exception-retry-interval} a value
 * (10 s) for every app of the pipeline: without one, a listener container whose client is
 * refused by the broker (wrong SASL password, a user or an ACL created after the app
 * started) stops for good while the app stays up and ready. With it the container logs
 * the refusal and polls again. Any other source of that property wins.
 */
class KafkaListenerDefaults implements EnvironmentPostProcessor {

	static final String AUTH_EXCEPTION_RETRY_INTERVAL = "spring.kafka.listener.auth-exception-retry-interval";

	static final String DEFAULT_AUTH_EXCEPTION_RETRY_INTERVAL = "10s";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.containsProperty(AUTH_EXCEPTION_RETRY_INTERVAL)) {
			return;
		}
		DefaultPropertiesPropertySource.addOrMerge(
				Map.of(AUTH_EXCEPTION_RETRY_INTERVAL, DEFAULT_AUTH_EXCEPTION_RETRY_INTERVAL),
				environment.getPropertySources());
	}

}
