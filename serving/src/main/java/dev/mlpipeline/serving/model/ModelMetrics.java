package dev.mlpipeline.serving.model;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One served model's lifecycle as Prometheus sees it, every meter tagged with the model:
 * the version served, whether it is a fallback, swaps, failed swaps and how long a swap
 * (download to switch) takes. Failed swaps are counted from zero for every kind of load
 * failure from the start, so that a dashboard's {@code increase()} sees the first one.
 */
class ModelMetrics {

	private final MeterRegistry registry;

	private final String model;

	private final Counter swaps;

	private final Timer swapDuration;

	private final Map<String, Counter> failedSwaps;

	ModelMetrics(MeterRegistry registry, ActiveModel active) {
		this.registry = registry;
		this.model = active.name();
		Gauge.builder("serving.model.version", active, ModelMetrics::version)
			.description("The model version being served (NaN while none is)")
			.tag("model", this.model)
			.register(registry);
		Gauge.builder("serving.model.fallback", active, (model) -> model.fallback().isPresent() ? 1 : 0)
			.description("1 while a fallback (the previous champion) serves because the champion cannot load")
			.tag("model", this.model)
			.register(registry);
		this.swaps = Counter.builder("serving.swaps")
			.description("Model swaps")
			.tag("model", this.model)
			.register(registry);
		this.swapDuration = Timer.builder("serving.swap.duration")
			.description("Time from the start of a load to the swap")
			.tag("model", this.model)
			.register(registry);
		this.failedSwaps = Stream.of(ModelLoadException.Kind.values())
			.map(ModelLoadException.Kind::label)
			.collect(Collectors.toUnmodifiableMap((kind) -> kind,
					(kind) -> Counter.builder("serving.swaps.failed")
						.description("Loads of a new version that failed, by kind of failure")
						.tag("model", this.model)
						.tag("kind", kind)
						.register(registry)));
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
		Counter counter = this.failedSwaps.get(kind);
		((counter != null) ? counter : this.registry.counter("serving.swaps.failed", "model", this.model, "kind", kind))
			.increment();
	}

	void fellBack(String championFailure) {
		this.registry.counter("serving.fallbacks", "model", this.model, "kind", championFailure).increment();
	}

	void fallbackFailed(String kind) {
		this.registry.counter("serving.fallbacks.failed", "model", this.model, "kind", kind).increment();
	}

	void challengerFailed(String kind) {
		this.registry.counter("serving.challenger.failed", "model", this.model, "kind", kind).increment();
	}

	void synced(LoadReason reason, String result) {
		this.registry.counter("serving.syncs", "model", this.model, "reason", reason.label(), "result", result)
			.increment();
	}

}
