package dev.mlpipeline.promoter.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import dev.mlpipeline.kafka.event.ServingStatus;

/**
 * What the replicas serve of one model, from their latest heartbeats: a replica is live
 * while its last report is no older than {@value #LIVE_INTERVALS} of its own intervals,
 * and left out once it is older than the forget-after span.
 */
final class ReplicaView {

	/** Reports a live replica may miss in a row. */
	static final int LIVE_INTERVALS = 3;

	private ReplicaView() {
	}

	/**
	 * The replicas of a model.
	 * @param model the registered model
	 * @param champion the registry's champion version, {@code null} for none
	 * @param statuses every replica's latest heartbeat
	 * @param now the time to judge ages by
	 * @param forgetAfter how long a silent replica is still listed
	 * @return the answer of {@code GET /models/{name}/replicas}
	 */
	static Replicas of(String model, String champion, Collection<ServingStatus> statuses, Instant now,
			Duration forgetAfter) {
		List<Replica> replicas = new ArrayList<>();
		for (ServingStatus status : statuses) {
			Duration age = Duration.between(status.reportedAt(), now);
			if (age.compareTo(forgetAfter) > 0) {
				continue;
			}
			boolean live = age.toMillis() <= LIVE_INTERVALS * Math.max(status.intervalMillis(), 1);
			status.models()
				.stream()
				.filter((state) -> model.equals(state.name()))
				.findFirst()
				.ifPresent((state) -> replicas.add(new Replica(status.instanceId(), status.host(), status.startedAt(),
						status.reportedAt(), Math.max(age.toMillis(), 0), live, state.version(), state.sha256(),
						state.loadedAt(), state.fallbackFor(), state.challengerVersion(), state.challengerRollout(),
						state.loadError())));
		}
		replicas.sort(Comparator.comparing(Replica::instanceId));
		long live = replicas.stream().filter(Replica::live).count();
		long onChampion = replicas.stream()
			.filter((replica) -> replica.live() && champion != null && champion.equals(replica.version()))
			.count();
		return new Replicas(model, champion, (int) live, (int) onChampion, live > 0 && live == onChampion, replicas);
	}

	/**
	 * The replicas of a model.
	 *
	 * @param model the registered model
	 * @param champion the registry's champion version, {@code null} for none
	 * @param live how many replicas report within their intervals
	 * @param onChampion how many of those serve the champion version
	 * @param converged every live replica serves the champion (and there is one)
	 * @param replicas each replica serving the model, live or lately silent, by id
	 */
	record Replicas(String model, String champion, int live, int onChampion, boolean converged,
			List<Replica> replicas) {

		/**
		 * Whether every live replica serves the champion by a report made at or after a
		 * moment: a report made before a production change says what a replica served
		 * before it (a rollback to the version it held earlier matches such a report).
		 * @param moment the change, by the replicas' clocks
		 * @return whether the replicas converged since then
		 */
		boolean convergedSince(Instant moment) {
			return this.converged && this.replicas.stream()
				.filter(Replica::live)
				.allMatch((replica) -> !replica.lastReport().isBefore(moment));
		}

	}

	/**
	 * One replica's view of a model.
	 *
	 * @param instanceId the replica's id
	 * @param host its host
	 * @param startedAt when it started
	 * @param lastReport when it last reported
	 * @param ageMillis how long ago that was
	 * @param live whether that is within {@value ReplicaView#LIVE_INTERVALS} of its
	 * intervals
	 * @param version the version it answers with, {@code null} while none
	 * @param sha256 that version's model file digest
	 * @param loadedAt when it loaded that version
	 * @param fallbackFor the champion it stands in for, {@code null} when none
	 * @param challengerVersion the challenger it serves beside it, {@code null} when none
	 * @param challengerRollout the challenger's rollout
	 * @param loadError its last load failure still standing, {@code null} when none
	 */
	record Replica(String instanceId, String host, Instant startedAt, Instant lastReport, long ageMillis, boolean live,
			String version, String sha256, Instant loadedAt, String fallbackFor, String challengerVersion,
			String challengerRollout, String loadError) {
	}

}
