package dev.mlpipeline.serving.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.SmartLifecycle;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.serving.ServingProperties;

/**
 * Starts and stops one {@link ModelLifecycle} per served model, and routes the triggers
 * of a re-read (a promotion event, a partition assignment) to the model they concern.
 */
class ModelLifecycles implements SmartLifecycle {

	private final Map<String, ModelLifecycle> lifecycles = new LinkedHashMap<>();

	private volatile boolean running;

	ModelLifecycles(ServedModels models, ModelRegistry registry, ModelLoader loader, MeterRegistry meters,
			ServingProperties properties, ObservationRegistry observations) {
		for (ActiveModel active : models.all()) {
			this.lifecycles.put(active.name(), new ModelLifecycle(registry, loader, active,
					new ModelMetrics(meters, active), properties, observations));
		}
	}

	@Override
	public void start() {
		this.lifecycles.values().forEach(ModelLifecycle::start);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.lifecycles.values().forEach(ModelLifecycle::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether this instance serves a model.
	 * @param name the registered model
	 * @return {@code true} when it is one of the served models
	 */
	boolean serves(String name) {
		return this.lifecycles.containsKey(name);
	}

	/**
	 * Asks one model's lifecycle for a re-read of the registry; returns at once.
	 * @param name the registered model, one this instance serves
	 * @param reason what prompted it
	 */
	void request(String name, LoadReason reason) {
		ModelLifecycle lifecycle = this.lifecycles.get(name);
		if (lifecycle != null) {
			lifecycle.request(reason);
		}
	}

	/**
	 * Asks every model's lifecycle for a re-read of the registry; returns at once.
	 * @param reason what prompted it
	 */
	void requestAll(LoadReason reason) {
		this.lifecycles.values().forEach((lifecycle) -> lifecycle.request(reason));
	}

}
