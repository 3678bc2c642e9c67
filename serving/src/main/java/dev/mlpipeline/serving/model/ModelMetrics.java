package dev.mlpipeline.serving.model;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.mlpipeline.serving.ServingProperties;

/**
 * The model lifecycle as Prometheus sees it: the version served, whether it is a
 * fallback, swaps, failed swaps and how long a swap (download to switch) takes.
 */
@Component
class ModelMetrics {

	private final MeterRegistry registry;

	private final Counter swaps;

	private final Timer swapDuration;

	private final Counter ignoredEvents;

	private final Counter acceptedEvents;

	private final Counter wrongKeyEvents;

	ModelMetrics(MeterRegistry registry, ActiveModel active, ServingProperties properties) {
		this.registry = registry;
		Gauge.builder("serving.model.version", active, ModelMetrics::version)
			.description("The model version being served (NaN while none is)")
			.tag("model", properties.modelName())
			.register(registry);
		Gauge.builder("serving.model.fallback", active, (model) -> model.fallback().isPresent() ? 1 : 0)
			.description("1 while a fallback (the previous champion) serves because the champion cannot load")
			.tag("model", properties.modelName())
			.register(registry);
		this.swaps = Counter.builder("serving.swaps").description("Model swaps").register(registry);
		this.swapDuration = Timer.builder("serving.swap.duration")
			.description("Time from the start of a load to the swap")
			.register(registry);
		this.ignoredEvents = Counter.builder("serving.events")
			.tag("outcome", "other-model")
			.description("ModelPromoted events received")
			.register(registry);
		this.acceptedEvents = Counter.builder("serving.events")
			.tag("outcome", "accepted")
			.description("ModelPromoted events received")
			.register(registry);
		this.wrongKeyEvents = Counter.builder("serving.events")
			.tag("outcome", "wrong-key")
			.description("ModelPromoted events received")
			.register(registry);
	}

	private static double version(ActiveModel active) {
		LoadedModel model = active.get();
		if (model == null) {
			return Double.NaN;
		}
		try {
			return Double.parseDouble(model.version());
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	void swapped(Duration duration) {
		this.swaps.increment();
		this.swapDuration.record(duration);
	}

	void failed(String kind) {
		this.registry.counter("serving.swaps.failed", "kind", kind).increment();
	}

	void fellBack(String championFailure) {
		this.registry.counter("serving.fallbacks", "kind", championFailure).increment();
	}

	void fallbackFailed(String kind) {
		this.registry.counter("serving.fallbacks.failed", "kind", kind).increment();
	}

	void synced(LoadReason reason, String result) {
		this.registry.counter("serving.syncs", "reason", reason.label(), "result", result).increment();
	}

	void event(boolean accepted) {
		(accepted ? this.acceptedEvents : this.ignoredEvents).increment();
	}

	void wrongKey() {
		this.wrongKeyEvents.increment();
	}

}
