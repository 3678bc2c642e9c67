package dev.mlpipeline.serving.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.model.ServedModels;

/**
 * The {@code model} health contributor, part of the readiness group: a replica is not
 * ready until every served model has its first version loaded (the details are the
 * default model's, and one entry per model when there are several), and stays ready while
 * it swaps (the old model serves until the new one is in place) and while a fallback
 * serves for a champion that cannot load (the details say so).
 */
@Component("model")
class ModelHealthIndicator implements HealthIndicator {

	private final ServedModels models;

	ModelHealthIndicator(ServedModels models) {
		this.models = models;
	}

	@Override
	public Health health() {
		ActiveModel first = this.models.defaultModel();
		Health.Builder health = describe(first);
		boolean up = true;
		Map<String, Object> each = new LinkedHashMap<>();
		for (ActiveModel active : this.models.all()) {
			Health model = describe(active).build();
			each.put(active.name(), model);
			up &= model.getStatus().equals(Status.UP);
		}
		if (each.size() > 1) {
			health.withDetail("models", each);
		}
		return up ? health.up().build() : health.down().build();
	}

	private static Health.Builder describe(ActiveModel active) {
		LoadedModel model = active.get();
		if (model == null) {
			return Health.down().withDetail("reason", active.unavailableReason().orElse("no model"));
		}
		Health.Builder health = Health.up().withDetail("name", model.name()).withDetail("version", model.version());
		active.fallback().ifPresent((fallback) -> health.withDetail("fallback", fallback));
		active.lastFailure()
			.ifPresent((failure) -> health.withDetail("lastLoadError",
					failure.kind() + " (version " + failure.version() + "): " + failure.message()));
		return health;
	}

}
