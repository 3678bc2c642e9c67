package dev.mlpipeline.serving.prediction;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Prediction traffic as Prometheus sees it: rows predicted, request latency as a
 * histogram, and refused or failed requests by kind. Meters are created once, not looked
 * up per request.
 */
@Component
class PredictionMetrics {

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter> predictions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Timer> latency = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

	PredictionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void predicted(String endpoint, int rows, long nanos) {
		this.predictions
			.computeIfAbsent(endpoint,
					(name) -> Counter.builder("serving.predictions")
						.description("Rows predicted")
						.tag("endpoint", name)
						.register(this.registry))
			.increment(rows);
		this.latency
			.computeIfAbsent(endpoint,
					(name) -> Timer.builder("serving.prediction.latency")
						.description("Time to answer a prediction request, body read to answer written")
						.tag("endpoint", name)
						.publishPercentileHistogram()
						.register(this.registry))
			.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	void error(String kind) {
		this.errors
			.computeIfAbsent(kind,
					(name) -> Counter.builder("serving.errors")
						.description("Prediction requests refused or failed")
						.tag("kind", name)
						.register(this.registry))
			.increment();
	}

}
