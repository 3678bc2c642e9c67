package dev.mlpipeline.mlflow;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration: beans created from {@code mlflow.tracking.*}, the standard
 * {@code MLFLOW_TRACKING_*} variables bound through relaxed binding, own beans kept.
 */
class MlflowAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MlflowAutoConfiguration.class));

	@Test
	void createsTheClientBeansWithDefaults() {
		// defaults only: the caller's own MLFLOW_TRACKING_* variables (a real server for
		// the suite, say) must not leak in
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of())))
			.run((context) -> {
				assertThat(context).hasSingleBean(MlflowConnection.class)
					.hasSingleBean(MlflowTracking.class)
					.hasSingleBean(MlflowArtifacts.class)
					.hasSingleBean(ModelRegistry.class);
				MlflowProperties properties = context.getBean(MlflowProperties.class);
				assertThat(properties.uri()).isEqualTo(URI.create("http://localhost:5000"));
				assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.maxAttempts()).isEqualTo(5);
				assertThat(properties.initialBackoff()).isEqualTo(Duration.ofMillis(200));
			});
	}

	@Test
	void bindsTheStandardMlflowEnvironmentVariables() {
		Map<String, Object> env = Map.of("MLFLOW_TRACKING_URI", "http://mlflow:5000", "MLFLOW_TRACKING_USERNAME", "ci",
				"MLFLOW_TRACKING_PASSWORD", "s3cret", "MLFLOW_TRACKING_TOKEN", "t0ken", "MLFLOW_TRACKING_MAX_ATTEMPTS",
				"2", "MLFLOW_TRACKING_REQUEST_TIMEOUT", "10s");
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
			.run((context) -> {
				MlflowProperties properties = context.getBean(MlflowConnection.class).properties();
				assertThat(properties.uri()).isEqualTo(URI.create("http://mlflow:5000"));
				assertThat(properties.username()).isEqualTo("ci");
				assertThat(properties.password()).isEqualTo("s3cret");
				assertThat(properties.token()).isEqualTo("t0ken");
				assertThat(properties.maxAttempts()).isEqualTo(2);
				assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
			});
	}

	@Test
	void bindsSpringStyleProperties() {
		this.runner.withPropertyValues("mlflow.tracking.uri=http://example:5001", "mlflow.tracking.max-backoff=1s")
			.run((context) -> {
				MlflowProperties properties = context.getBean(MlflowProperties.class);
				assertThat(properties.uri()).isEqualTo(URI.create("http://example:5001"));
				assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void keepsAnApplicationsOwnConnection() {
		MlflowConnection own = new MlflowConnection(MlflowProperties.of(URI.create("http://own:5000")));
		this.runner.withBean(MlflowConnection.class, () -> own)
			.run((context) -> assertThat(context.getBean(MlflowConnection.class)).isSameAs(own));
	}

}
