package dev.mlpipeline.kafka.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.mlpipeline.kafka.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener containers are built but never started: no broker is contacted.
 */
class KafkaListenerDefaultsTests {

	@Test
	void listenerContainerRetriesAnAuthenticationFailureEveryTenSecondsByDefault() {
		assertThat(authExceptionRetryInterval(Map.of())).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void bootPropertySetByTheEnvironmentWinsOverTheDefault() {
		assertThat(authExceptionRetryInterval(Map.of(), "--spring.kafka.listener.auth-exception-retry-interval=3s"))
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void applicationsOwnDefaultPropertiesWinOverThePipelineDefault() {
		assertThat(authExceptionRetryInterval(Map.of("spring.kafka.listener.auth-exception-retry-interval", "2s")))
			.isEqualTo(Duration.ofSeconds(2));
	}

	private static Duration authExceptionRetryInterval(Map<String, Object> defaultProperties, String... args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties(defaultProperties)
			.properties("spring.kafka.bootstrap-servers=127.0.0.1:1", "pipeline.kafka.create-topics=false")
			.run(args)) {
			return context.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainer("listener-defaults-tests")
				.getContainerProperties()
				.getAuthExceptionRetryInterval();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	static class Listener {

		@KafkaListener(id = "listener-defaults-tests", topics = Topics.MODEL_PROMOTED, autoStartup = "false")
		void on(String record) {
		}

	}

}
