package dev.mlpipeline.serving.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.Challenger;
import dev.mlpipeline.serving.model.Fallback;
import dev.mlpipeline.serving.model.LoadFailure;
import dev.mlpipeline.serving.model.LoadedModel;

/**
 * What a replica reports of itself: per model, the version answering as champion (or
 * standing in for it), the challenger beside it and the load failure still standing.
 */
final class StatusReport {

	private StatusReport() {
	}

	/**
	 * The heartbeat of a replica.
	 * @param identity who the replica is
	 * @param models what it serves
	 * @param interval how often it reports
	 * @param now the time of the report
	 * @return the status
	 */
	static ServingStatus of(Identity identity, Collection<ActiveModel> models, Duration interval, Instant now) {
		List<ServingStatus.ModelState> states = models.stream().map(StatusReport::state).toList();
		return new ServingStatus(identity.instanceId(), identity.host(), identity.startedAt(), now, interval.toMillis(),
				states);
	}

	private static ServingStatus.ModelState state(ActiveModel model) {
		LoadedModel current = model.current().orElse(null);
		Challenger challenger = model.challenger().orElse(null);
		String error = model.lastFailure().map(StatusReport::describe).orElse(null);
		return new ServingStatus.ModelState(model.name(), (current != null) ? current.version() : null,
				(current != null) ? current.sha256() : null, (current != null) ? current.loadedAt() : null,
				model.fallback().map(Fallback::champion).orElse(null),
				(challenger != null) ? challenger.model().version() : null,
				(challenger != null) ? challenger.rollout().toString() : null, error);
	}

	private static String describe(LoadFailure failure) {
		return "version " + failure.version() + ": " + failure.kind() + ": " + failure.message();
	}

	/**
	 * Who a replica is.
	 *
	 * @param instanceId unique per process
	 * @param host the host name
	 * @param startedAt when the process started
	 */
	record Identity(String instanceId, String host, Instant startedAt) {
	}

}
