package dev.mlpipeline.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Spring Boot properties that follow from the pipeline's one tracing switch,
 * {@code MANAGEMENT_OTLP_TRACING_ENDPOINT} (the name Boot 3 bound, which Boot 4 no longer
 * reads): set, spans go to that OTLP/HTTP endpoint and every promotion is sampled; unset
 * or blank, Boot's tracing auto-configurations are left out, so no observation gets a
 * span and {@code /predict} pays nothing for tracing. A property the app or the
 * environment sets itself is never overridden. The OTLP metrics push the OpenTelemetry
 * starter brings, and Spring Security's per-filter observations, are off unless asked
 * for.
 */
public final class TracingSettings {

	/** The pipeline's switch, as a property; {@code MANAGEMENT_OTLP_TRACING_ENDPOINT}. */
	public static final String ENDPOINT = "management.otlp.tracing.endpoint";

	/** Boot 4's OTLP span exporter endpoint. */
	public static final String BOOT_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	/** Boot 4's switch for every tracing exporter. */
	public static final String EXPORT_ENABLED = "management.tracing.export.enabled";

	/** Boot's sampling probability (0.1 by default). */
	public static final String SAMPLING = "management.tracing.sampling.probability";

	/** The OTLP metrics push the starter brings, to localhost:4318 by default. */
	public static final String OTLP_METRICS = "management.otlp.metrics.export.enabled";

	/** Spring Security's observation of each filter and authorization. */
	public static final String SECURITY_OBSERVATIONS = "management.observations.enable.spring.security";

	/**
	 * Reactor's context propagation: the server span follows a request across schedulers.
	 */
	public static final String REACTOR_CONTEXT_PROPAGATION = "spring.reactor.context-propagation";

	/** Boot's list of auto-configurations not to apply. */
	public static final String AUTOCONFIGURE_EXCLUDE = "spring.autoconfigure.exclude";

	/**
	 * Boot's tracing auto-configurations: the tracer and the observation handlers that
	 * give every observation (each HTTP request among them) a span, sampled or not, and
	 * the exporters. Left out while tracing is off, so that it costs nothing.
	 */
	public static final List<String> TRACING_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration");

	/** Observation of the Kafka template Boot builds. */
	public static final String TEMPLATE_OBSERVATION = "spring.kafka.template.observation-enabled";

	/** Observation of the listener containers Boot's factory builds. */
	public static final String LISTENER_OBSERVATION = "spring.kafka.listener.observation-enabled";

	private TracingSettings() {
	}

	/**
	 * Whether an endpoint is set.
	 * @param endpoint the value of {@link #ENDPOINT}, possibly {@code null}
	 * @return {@code true} when it is neither unset nor blank
	 */
	public static boolean enabled(String endpoint) {
		return endpoint != null && !endpoint.isBlank();
	}

	/**
	 * The properties to add for the given environment.
	 * @param environment the value of a property, {@code null} when no source sets it
	 * @return the properties to add, none the environment already sets
	 */
	public static Map<String, Object> defaults(Function<String, String> environment) {
		String endpoint = environment.apply(ENDPOINT);
		boolean on = enabled(endpoint) || enabled(environment.apply(BOOT_ENDPOINT));
		Map<String, Object> wanted = new LinkedHashMap<>();
		if (enabled(endpoint)) {
			wanted.put(BOOT_ENDPOINT, endpoint.strip());
		}
		if (on) {
			wanted.put(SAMPLING, "1.0");
			wanted.put(REACTOR_CONTEXT_PROPAGATION, "auto");
		}
		else {
			wanted.put(EXPORT_ENABLED, "false");
			wanted.put(SAMPLING, "0.0");
			// no tracer and no tracing handler at all: an unsampled span per request
			// still cost /predict a few microseconds
			wanted.put(AUTOCONFIGURE_EXCLUDE, String.join(",", TRACING_AUTO_CONFIGURATIONS));
		}
		wanted.put(OTLP_METRICS, "false");
		wanted.put(SECURITY_OBSERVATIONS, "false");
		wanted.put(TEMPLATE_OBSERVATION, "true");
		wanted.put(LISTENER_OBSERVATION, "true");
		Map<String, Object> added = new LinkedHashMap<>();
		wanted.forEach((name, value) -> {
			if (environment.apply(name) == null) {
				added.put(name, value);
			}
		});
		return added;
	}

}
