package dev.mlpipeline.serving.prediction;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.mlpipeline.kafka.event.PredictionLogged;

/**
 * Prediction traffic as Prometheus sees it: rows predicted and request latency (a
 * percentile histogram, for {@code histogram_quantile}) per model, version, role and
 * endpoint, and refused or failed requests by kind. A request finds its meters by two map
 * lookups of the version's own strings and an array index, allocating nothing; the meters
 * of a version in a role are created when it answers its first request in it.
 * <p>
 * A retired version's series do not stay for the life of the process: when a new version
 * of a model answers its first request, the meters of each other version of that model
 * that is no longer served (neither champion, fallback nor challenger) and has answered
 * nothing for {@link #RETIRED_AFTER} are removed. Prometheus has scraped their last
 * values by then, and a replica that sees a promotion a day keeps a few versions' series,
 * not every version it ever served.
 */
class PredictionMetrics {

	/** How long a version no longer served keeps its series after its last answer. */
	static final Duration RETIRED_AFTER = Duration.ofMinutes(10);

	private static final String[] ROLES = { PredictionLogged.CHAMPION, PredictionLogged.CHALLENGER };

	private static final int ENDPOINTS = PredictionHandler.Endpoint.values().length;

	private final MeterRegistry registry;

	/** model name, then version, then the meters of each role and endpoint. */
	private final ConcurrentMap<String, ConcurrentMap<String, VersionMeters>> versions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

	private final BiPredicate<String, String> served;

	private final LongSupplier nanoTime;

	/**
	 * Meters in a registry.
	 * @param registry where the meters go
	 * @param served whether a model (first argument) serves a version (second) now
	 * @param nanoTime the clock of {@link #RETIRED_AFTER}, as {@link System#nanoTime()}
	 */
	PredictionMetrics(MeterRegistry registry, BiPredicate<String, String> served, LongSupplier nanoTime) {
		this.registry = registry;
		this.served = served;
		this.nanoTime = nanoTime;
	}

	void predicted(String model, String version, String role, PredictionHandler.Endpoint endpoint, int rows,
			long nanos) {
		VersionMeters ofVersion = meters(model, version);
		ofVersion.lastAnswer = this.nanoTime.getAsLong();
		Meters meters = ofVersion.of(role, endpoint);
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
			VersionMeters created = new VersionMeters(this.registry, model, version, this.nanoTime.getAsLong());
			meters = ofModel.putIfAbsent(version, created);
			if (meters == null) {
				meters = created;
				retireIdle(model, ofModel, version);
			}
		}
		return meters;
	}

	/** Removes the meters of the model's versions no longer served and long idle. */
	private void retireIdle(String model, ConcurrentMap<String, VersionMeters> ofModel, String arrived) {
		long now = this.nanoTime.getAsLong();
		long after = RETIRED_AFTER.toNanos();
		ofModel.forEach((version, meters) -> {
			if (!version.equals(arrived) && now - meters.lastAnswer >= after && !this.served.test(model, version)
					&& ofModel.remove(version, meters)) {
				meters.remove();
			}
		});
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

		/** {@code nanoTime} of the last answer (of the creation before the first). */
		private volatile long lastAnswer;

		VersionMeters(MeterRegistry registry, String model, String version, long created) {
			this.registry = registry;
			this.model = model;
			this.version = version;
			this.lastAnswer = created;
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

		void remove() {
			for (int i = 0; i < this.meters.length(); i++) {
				Meters created = this.meters.get(i);
				if (created != null) {
					this.registry.remove(created.predictions());
					this.registry.remove(created.latency());
				}
			}
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
