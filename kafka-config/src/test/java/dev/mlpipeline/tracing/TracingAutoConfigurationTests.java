package dev.mlpipeline.tracing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;

import dev.mlpipeline.kafka.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's template, observed, with no broker behind it: the send hands its record to the
 * producer without first asking the broker for the cluster id.
 */
class TracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TracingAutoConfiguration.class))
		.withBean(ObservationRegistry.class, TracingAutoConfigurationTests::recording);

	@Test
	void bootsTemplateGetsTheClusterIdThatNeverWaitsForTheBroker() throws IOException {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + freePort(),
				"spring.kafka.template.observation-enabled=true", "spring.kafka.producer.properties.max.block.ms=500",
				"spring.kafka.admin.properties.request.timeout.ms=30000")
			.run((context) -> {
				KafkaTemplate<?, ?> template = context.getBean(KafkaTemplate.class);
				assertThat(template.getKafkaAdmin()).isInstanceOf(PromptClusterIdAdmin.class);
				@SuppressWarnings("unchecked")
				KafkaTemplate<Object, Object> sending = (KafkaTemplate<Object, Object>) template;
				long start = System.nanoTime();
				try {
					sending.send(Topics.MODEL_PROMOTED, "model", "value");
				}
				catch (RuntimeException ex) {
					// no metadata within max.block.ms: the producer's own bound
				}
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			});
	}

	@Test
	void theHelperObservesATemplateAnAppBuildsItself() {
		this.runner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9").run((context) -> {
			KafkaTemplate<Object, Object> own = new KafkaTemplate<>(
					context.getBean(org.springframework.kafka.core.ProducerFactory.class));
			context.getBean(ObservedKafka.class).observe(own);
			assertThat(own.getKafkaAdmin()).isInstanceOf(PromptClusterIdAdmin.class);
		});
	}

	private static ObservationRegistry recording() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((ObservationHandler<Observation.Context>) (context) -> true);
		return registry;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
