package dev.mlpipeline.promoter.live;

import java.time.Duration;

/**
 * The live gates of a rollout, each optional but the evidence floor and the time limit:
 * nothing is decided before {@code minRequests} requests and {@code minDuration}, and a
 * rollout still undecided at {@code maxDuration} ends rolled back.
 *
 * @param minRequests requests the challenger must have seen before any decision
 * @param minDuration how long a rollout runs before any decision
 * @param maxDuration how long a rollout may run without a decision
 * @param maxErrorRate the challenger's highest share of answers with an error, or
 * {@code null}
 * @param maxLatencyP99 the challenger's highest p99 answer latency, or {@code null}
 * @param maxLatencyIncrease the challenger's highest p99 relative to the champion's in
 * the same span (0.25 is 25 % above it), or {@code null}
 * @param minAgreement a shadow's lowest share of rows labelled as the champion labelled
 * them, or {@code null}
 * @param minLabels labelled rows each version needs before an accuracy gate decides
 * @param minLiveAccuracy the challenger's lowest accuracy on labelled rows, or
 * {@code null}
 * @param minLiveImprovement the challenger's lowest accuracy gain over the champion on
 * labelled rows (paired, for a shadow), or {@code null}
 */
public record LiveGateSettings(long minRequests, Duration minDuration, Duration maxDuration, Double maxErrorRate,
		Duration maxLatencyP99, Double maxLatencyIncrease, Double minAgreement, long minLabels, Double minLiveAccuracy,
		Double minLiveImprovement) {

	/**
	 * The defaults: 500 requests and 5 minutes before a decision, an hour at most, 100
	 * labels before an accuracy gate decides, and no gate set.
	 * @return the default settings
	 */
	public static LiveGateSettings defaults() {
		return new LiveGateSettings(500, Duration.ofMinutes(5), Duration.ofHours(1), null, null, null, null, 100, null,
				null);
	}

}
