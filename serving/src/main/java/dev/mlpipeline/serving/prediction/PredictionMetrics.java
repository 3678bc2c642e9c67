package dev.mlpipeline.serving.prediction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.event.PredictionLogged;

/**
 * Prediction traffic as Prometheus sees it: rows predicted and request latency (a
 * percentile histogram, for {@code histogram_quantile}) per model, version, role and
 * endpoint, and refused or failed requests by kind. A request finds its meters by two map
 * lookups of the version's own strings and an array index, allocating nothing; the meters
 * of a version in a role are created when it answers its first request in it.
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

	/**
	 * The meters of one version, for each role and endpoint it answers in, created when
	 * it first does (a version that never answers as a challenger shows no such series).
	 */
	private static final class VersionMeters {

		private final MeterRegistry registry;

		private final String model;

		private final String version;

		private final AtomicReferenceArray<Meters> meters = new AtomicReferenceArray<>(ROLES.length * ENDPOINTS);

		VersionMeters(MeterRegistry registry, String model, String version) {
			this.registry = registry;
			this.model = model;
			this.version = version;
		}

		Meters of(String role, PredictionHandler.Endpoint endpoint) {
			int index = (PredictionLogged.CHALLENGER.equals(role) ? 1 : 0) * ENDPOINTS + endpoint.ordinal();
			Meters found = this.meters.get(index);
			if (found == null) {
				// registering twice returns the same meters: a race is harmless
				this.meters.compareAndSet(index, null, create(ROLES[index / ENDPOINTS], endpoint));
				found = this.meters.get(index);
			}
			return found;
		}

		private Meters create(String role, PredictionHandler.Endpoint endpoint) {
			return new Meters(
					Counter.builder("serving.predictions")
						.description("Rows predicted")
						.tag("model", this.model)
						.tag("version", this.version)
						.tag("role", role)
						.tag("endpoint", endpoint.tag())
						.register(this.registry),
					Timer.builder("serving.prediction.latency")
						.description("Time to answer a prediction request, body read to answer written")
						.tag("model", this.model)
						.tag("version", this.version)
						.tag("role", role)
						.tag("endpoint", endpoint.tag())
						.publishPercentileHistogram()
						.register(this.registry));
		}

	}

	private record Meters(Counter predictions, Timer latency) {

	}

}
