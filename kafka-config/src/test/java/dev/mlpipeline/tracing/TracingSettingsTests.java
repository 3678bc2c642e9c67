package dev.mlpipeline.tracing;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TracingSettingsTests {

	@Test
	void anEndpointTurnsExportOnToThatEndpointAndSamplesEverything() {
		Map<String, Object> added = TracingSettings
			.defaults(Map.of(TracingSettings.ENDPOINT, " http://collector:4318/v1/traces ")::get);
		assertThat(added).containsEntry(TracingSettings.BOOT_ENDPOINT, "http://collector:4318/v1/traces")
			.containsEntry(TracingSettings.SAMPLING, "1.0")
			.containsEntry(TracingSettings.REACTOR_CONTEXT_PROPAGATION, "auto")
			.doesNotContainKey(TracingSettings.EXPORT_ENABLED);
	}

	@Test
	void noEndpointTurnsExportAndSamplingOff() {
		Map<String, Object> added = TracingSettings.defaults(Map.<String, String>of()::get);
		assertThat(added).containsEntry(TracingSettings.EXPORT_ENABLED, "false")
			.containsEntry(TracingSettings.SAMPLING, "0.0")
			.doesNotContainKeys(TracingSettings.BOOT_ENDPOINT, TracingSettings.REACTOR_CONTEXT_PROPAGATION);
	}

	@Test
	void noEndpointLeavesBootsTracerAndTracingHandlersOutAndAnEndpointKeepsThem() {
		assertThat(TracingSettings.defaults(Map.<String, String>of()::get)).containsEntry(
				TracingSettings.AUTOCONFIGURE_EXCLUDE, String.join(",", TracingSettings.TRACING_AUTO_CONFIGURATIONS));
		assertThat(TracingSettings.defaults(Map.of(TracingSettings.ENDPOINT, "http://collector:4318/v1/traces")::get))
			.doesNotContainKey(TracingSettings.AUTOCONFIGURE_EXCLUDE);
	}

	@Test
	void aBlankEndpointIsNoEndpoint() {
		Map<String, Object> added = TracingSettings.defaults(Map.of(TracingSettings.ENDPOINT, "  ")::get);
		assertThat(added).containsEntry(TracingSettings.EXPORT_ENABLED, "false")
			.containsEntry(TracingSettings.SAMPLING, "0.0")
			.doesNotContainKey(TracingSettings.BOOT_ENDPOINT);
	}

	@Test
	void bootsOwnEndpointAloneAlsoTurnsSamplingOn() {
		Map<String, Object> added = TracingSettings
			.defaults(Map.of(TracingSettings.BOOT_ENDPOINT, "http://collector:4318/v1/traces")::get);
		assertThat(added).containsEntry(TracingSettings.SAMPLING, "1.0")
			.doesNotContainKeys(TracingSettings.BOOT_ENDPOINT, TracingSettings.EXPORT_ENABLED);
	}

	@Test
	void metricsPushSecurityObservationsOffAndKafkaObservedWhateverTheSwitch() {
		for (Map<String, String> environment : new Map[] { Map.of(),
				Map.of(TracingSettings.ENDPOINT, "http://collector:4318/v1/traces") }) {
			assertThat(TracingSettings.defaults(environment::get)).containsEntry(TracingSettings.OTLP_METRICS, "false")
				.containsEntry(TracingSettings.SECURITY_OBSERVATIONS, "false")
				.containsEntry(TracingSettings.TEMPLATE_OBSERVATION, "true")
				.containsEntry(TracingSettings.LISTENER_OBSERVATION, "true");
		}
	}

	@Test
	void aPropertySetElsewhereIsNeverOverridden() {
		Map<String, String> environment = new HashMap<>();
		environment.put(TracingSettings.ENDPOINT, "http://collector:4318/v1/traces");
		environment.put(TracingSettings.SAMPLING, "0.25");
		environment.put(TracingSettings.OTLP_METRICS, "true");
		environment.put(TracingSettings.LISTENER_OBSERVATION, "false");
		assertThat(TracingSettings.defaults(environment::get)).doesNotContainKeys(TracingSettings.SAMPLING,
				TracingSettings.OTLP_METRICS, TracingSettings.LISTENER_OBSERVATION);
	}

}
