package dev.mlpipeline.serving.prediction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.event.PredictionLogged;

/**
 * Prediction traffic as Prometheus sees it: rows predicted and request latency (a
 * percentile histogram, for {@code histogram_quantile}) per model, version, role and
 * endpoint, and refused or failed requests by kind. A request finds its meters by two
 * lookups of cached strings and an array index, allocating nothing; the meters of a
 * version are created when it answers its first request.
 */
@Component
class PredictionMetrics {

	private static final String[] ROLES = { PredictionLogged.CHAMPION, PredictionLogged.CHALLENGER };

	private static final int ENDPOINTS = PredictionHandler.Endpoint.values().length;

	private final MeterRegistry registry;

	/** model name, then version, then the meters of each role and endpoint. */
	private final ConcurrentMap<String, ConcurrentMap<String, VersionMeters>> versions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

	PredictionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void predicted(String model, String version, String role, PredictionHandler.Endpoint endpoint, int rows,
			long nanos) {
		Meters meters = meters(model, version).of(role, endpoint);
		meters.predictions().increment(rows);
		meters.latency().record(nanos, TimeUnit.NANOSECONDS);
	}

	void error(String kind) {
		Counter counter = this.errors.get(kind);
		if (counter == null) {
			counter = this.errors.computeIfAbsent(kind,
					(name) -> Counter.builder("serving.errors")
						.description("Prediction requests refused or failed")
						.tag("kind", name)
						.register(this.registry));
		}
		counter.increment();
	}

	private VersionMeters meters(String model, String version) {
		ConcurrentMap<String, VersionMeters> ofModel = this.versions.get(model);
		if (ofModel == null) {
			ofModel = this.versions.computeIfAbsent(model, (name) -> new ConcurrentHashMap<>());
		}
		VersionMeters meters = ofModel.get(version);
		if (meters == null) {
			meters = ofModel.computeIfAbsent(version, (number) -> new VersionMeters(this.registry, model, number));
		}
		return meters;
	}

	/** The meters of one version, for each role it may answer in and each endpoint. */
	private static final class VersionMeters {

		private final Meters[] meters;

		VersionMeters(MeterRegistry registry, String model, String version) {
			this.meters = new Meters[ROLES.length * ENDPOINTS];
			for (int role = 0; role < ROLES.length; role++) {
				for (PredictionHandler.Endpoint endpoint : PredictionHandler.Endpoint.values()) {
					this.meters[role * ENDPOINTS + endpoint.ordinal()] = new Meters(
							Counter.builder("serving.predictions")
								.description("Rows predicted")
								.tag("model", model)
								.tag("version", version)
								.tag("role", ROLES[role])
								.tag("endpoint", endpoint.tag())
								.register(registry),
							Timer.builder("serving.prediction.latency")
								.description("Time to answer a prediction request, body read to answer written")
								.tag("model", model)
								.tag("version", version)
								.tag("role", ROLES[role])
								.tag("endpoint", endpoint.tag())
								.publishPercentileHistogram()
								.register(registry));
				}
			}
		}

		Meters of(String role, PredictionHandler.Endpoint endpoint) {
			int index = PredictionLogged.CHALLENGER.equals(role) ? 1 : 0;
			return this.meters[index * ENDPOINTS + endpoint.ordinal()];
		}

	}

	private record Meters(Counter predictions, Timer latency) {

	}

}
