package dev.mlpipeline.promoter.dashboard;

import java.time.Instant;

/**
 * What the page is told happened, as one server-sent event: enough to say it and to know
 * which part of the page to read again.
 *
 * @param kind {@value #REGISTERED}, {@value #FAILED}, {@value #DECIDED},
 * {@value #PROMOTED}, {@value #REPLICA} or {@value #LIVE}
 * @param model the registered model, {@code null} for a replica's heartbeat (it may serve
 * several)
 * @param version the version it is about, {@code null} when none
 * @param summary one line for people
 * @param at when it happened
 */
record DashboardEvent(String kind, String model, String version, String summary, Instant at) {

	/** A version was registered by a trainer. */
	static final String REGISTERED = "registered";

	/** A training job failed. */
	static final String FAILED = "failed";

	/** The promoter decided about a version. */
	static final String DECIDED = "decided";

	/** Production moved to a version. */
	static final String PROMOTED = "promoted";

	/** A serving replica reported what it serves. */
	static final String REPLICA = "replica";

	/** A model's live stats changed. */
	static final String LIVE = "live";

}
