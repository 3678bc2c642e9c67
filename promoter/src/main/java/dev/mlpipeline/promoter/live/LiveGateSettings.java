package dev.mlpipeline.promoter.live;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.bind.DefaultValue;

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
public record LiveGateSettings(@PositiveOrZero @DefaultValue("500") long minRequests,
		@NotNull @DefaultValue("5m") Duration minDuration, @NotNull @DefaultValue("1h") Duration maxDuration,
		@DecimalMin("0") @DecimalMax("1") Double maxErrorRate, Duration maxLatencyP99,
		@PositiveOrZero Double maxLatencyIncrease, @DecimalMin("0") @DecimalMax("1") Double minAgreement,
		@PositiveOrZero @DefaultValue("100") long minLabels, @DecimalMin("0") @DecimalMax("1") Double minLiveAccuracy,
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

	/**
	 * These gates with one model's overrides applied; unset overrides keep the value
	 * here.
	 * @param overrides the model's values, any of them {@code null}
	 * @return the merged gates
	 */
	public LiveGateSettings with(Overrides overrides) {
		if (overrides == null) {
			return this;
		}
		return new LiveGateSettings(or(overrides.minRequests(), this.minRequests),
				or(overrides.minDuration(), this.minDuration), or(overrides.maxDuration(), this.maxDuration),
				or(overrides.maxErrorRate(), this.maxErrorRate), or(overrides.maxLatencyP99(), this.maxLatencyP99),
				or(overrides.maxLatencyIncrease(), this.maxLatencyIncrease),
				or(overrides.minAgreement(), this.minAgreement), or(overrides.minLabels(), this.minLabels),
				or(overrides.minLiveAccuracy(), this.minLiveAccuracy),
				or(overrides.minLiveImprovement(), this.minLiveImprovement));
	}

	private static <T> T or(T override, T fallback) {
		return (override != null) ? override : fallback;
	}

	/**
	 * The live gates one model changes from the defaults; {@code null} keeps the default.
	 *
	 * @param minRequests requests before any decision
	 * @param minDuration time before any decision
	 * @param maxDuration time before an undecided rollout is rolled back
	 * @param maxErrorRate the challenger's highest error rate
	 * @param maxLatencyP99 the challenger's highest p99
	 * @param maxLatencyIncrease the challenger's highest p99 relative to the champion's
	 * @param minAgreement a shadow's lowest agreement with the champion
	 * @param minLabels labelled rows before an accuracy gate decides
	 * @param minLiveAccuracy the lowest live accuracy
	 * @param minLiveImprovement the lowest live accuracy gain over the champion
	 */
	public record Overrides(@PositiveOrZero Long minRequests, Duration minDuration, Duration maxDuration,
			@DecimalMin("0") @DecimalMax("1") Double maxErrorRate, Duration maxLatencyP99,
			@PositiveOrZero Double maxLatencyIncrease, @DecimalMin("0") @DecimalMax("1") Double minAgreement,
			@PositiveOrZero Long minLabels, @DecimalMin("0") @DecimalMax("1") Double minLiveAccuracy,
			Double minLiveImprovement) {
	}

}
