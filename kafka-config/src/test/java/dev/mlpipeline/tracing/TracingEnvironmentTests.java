package dev.mlpipeline.tracing;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracingEnvironmentTests {

	@Test
	void theBoot3EndpointReachesBoot4sExporterThroughTheRegisteredPostProcessor() {
		try (ConfigurableApplicationContext context = run(
				"--management.otlp.tracing.endpoint=http://collector:4318/v1/traces")) {
			assertThat(context.getEnvironment().getProperty(TracingSettings.BOOT_ENDPOINT))
				.isEqualTo("http://collector:4318/v1/traces");
			assertThat(context.getEnvironment().getProperty(TracingSettings.SAMPLING)).isEqualTo("1.0");
		}
	}

	@Test
	void withoutAnEndpointTracingIsOff() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty(TracingSettings.EXPORT_ENABLED)).isEqualTo("false");
			assertThat(context.getEnvironment().getProperty(TracingSettings.SAMPLING)).isEqualTo("0.0");
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
