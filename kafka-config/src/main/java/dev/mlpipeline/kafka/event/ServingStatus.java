package dev.mlpipeline.kafka.event;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A serving replica's heartbeat: who it is and what it serves right now. Published every
 * {@code interval} to the compacted {@code serving-status} topic, keyed by the instance
 * id, so the topic holds each replica's latest report; a replica that stopped reporting
 * is known by the age of its last one.
 *
 * @param instanceId the replica's id, unique per process (also the record key)
 * @param host the host name it runs on
 * @param startedAt when the process started
 * @param reportedAt when this report was made
 * @param intervalMillis how often it reports, so a reader can tell a late report
 * @param models each model it serves
 */
public record ServingStatus(String instanceId, String host, Instant startedAt, Instant reportedAt, long intervalMillis,
		List<ModelState> models) {

	public ServingStatus {
		models = (models != null) ? List.copyOf(models) : List.of();
	}

	/**
	 * What a replica serves for one model.
	 *
	 * @param name the registered model
	 * @param version the version answering as champion, {@code null} while none is loaded
	 * @param sha256 that version's model file digest
	 * @param loadedAt when it was loaded
	 * @param fallbackFor the champion version it stands in for while the champion cannot
	 * be loaded, else {@code null}
	 * @param challengerVersion the challenger served beside it, {@code null} for none
	 * @param challengerRollout the challenger's rollout tag ({@code shadow},
	 * {@code canary:<percent>})
	 * @param loadError the last load failure still standing, {@code null} for none
	 */
	public record ModelState(String name, @Nullable String version, @Nullable String sha256, @Nullable Instant loadedAt,
			@Nullable String fallbackFor, @Nullable String challengerVersion, @Nullable String challengerRollout,
			@Nullable String loadError) {
	}

}
