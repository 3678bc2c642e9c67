package dev.mlpipeline.trainer.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs this trainer put on Kafka lately, which MLflow knows nothing of until their
 * training starts: what lets {@code GET /jobs/{jobId}} say QUEUED for them and
 * {@code 404} for an id nobody published. Bounded in size and age; per replica.
 */
class RecentJobs {

	static final int CAPACITY = 10_000;

	static final Duration RETENTION = Duration.ofHours(24);

	private final Map<String, Published> jobs = new LinkedHashMap<>();

	private final Clock clock;

	RecentJobs(Clock clock) {
		this.clock = clock;
	}

	synchronized void published(String jobId, String modelName, String requestedBy) {
		this.jobs.remove(jobId);
		this.jobs.put(jobId, new Published(modelName, requestedBy, this.clock.instant()));
		evict();
	}

	/**
	 * A job published here lately.
	 * @param jobId the job id
	 * @return its model and publisher, empty when it was not published here within the
	 * retention
	 */
	synchronized Optional<Published> find(String jobId) {
		evict();
		return Optional.ofNullable(this.jobs.get(jobId));
	}

	private void evict() {
		Instant oldest = this.clock.instant().minus(RETENTION);
		Iterator<Published> entries = this.jobs.values().iterator();
		while (entries.hasNext()) {
			Published next = entries.next();
			if (this.jobs.size() > CAPACITY || next.at().isBefore(oldest)) {
				entries.remove();
			}
			else {
				break;
			}
		}
	}

	/**
	 * A job put on Kafka by this trainer.
	 *
	 * @param modelName the job's model
	 * @param requestedBy the user who published it
	 * @param at when
	 */
	record Published(String modelName, String requestedBy, Instant at) {
	}

}
