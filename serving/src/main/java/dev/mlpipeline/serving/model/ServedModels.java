package dev.mlpipeline.serving.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every registered model this instance serves, each loaded, swapped and reported on its
 * own; the first is the default model that {@code /predict}, {@code /invocations},
 * {@code /health} and {@code /model} answer for.
 */
public class ServedModels {

	private final Map<String, ActiveModel> models = new LinkedHashMap<>();

	ServedModels(List<String> names) {
		if (names.isEmpty()) {
			throw new IllegalArgumentException("serving needs at least one model to serve");
		}
		names.forEach((name) -> this.models.put(name, new ActiveModel(name)));
	}

	/**
	 * The default model.
	 * @return the first model configured
	 */
	public ActiveModel defaultModel() {
		return this.models.values().iterator().next();
	}

	/**
	 * A served model by name.
	 * @param name the registered model
	 * @return the model, empty when this instance does not serve it
	 */
	public Optional<ActiveModel> find(String name) {
		return Optional.ofNullable(this.models.get(name));
	}

	/**
	 * Every served model, the default first.
	 * @return the models
	 */
	public Collection<ActiveModel> all() {
		return this.models.values();
	}

}
