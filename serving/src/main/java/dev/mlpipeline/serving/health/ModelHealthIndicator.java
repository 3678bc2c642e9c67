package dev.mlpipeline.serving.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.LoadedModel;

/**
 * The {@code model} health contributor, part of the readiness group: a replica is not
 * ready until its first model is loaded, and stays ready while it swaps (the old model
 * serves until the new one is in place) and while a fallback serves for a champion that
 * cannot load (the details say so).
 */
@Component("model")
class ModelHealthIndicator implements HealthIndicator {

	private final ActiveModel active;

	ModelHealthIndicator(ActiveModel active) {
		this.active = active;
	}

	@Override
	public Health health() {
		LoadedModel model = this.active.get();
		if (model == null) {
			return Health.down().withDetail("reason", this.active.unavailableReason().orElse("no model")).build();
		}
		Health.Builder health = Health.up().withDetail("name", model.name()).withDetail("version", model.version());
		this.active.fallback().ifPresent((fallback) -> health.withDetail("fallback", fallback));
		this.active.lastFailure()
			.ifPresent((failure) -> health.withDetail("lastLoadError",
					failure.kind() + " (version " + failure.version() + "): " + failure.message()));
		return health.build();
	}

}
