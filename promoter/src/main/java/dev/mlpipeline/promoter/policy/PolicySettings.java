package dev.mlpipeline.promoter.policy;

import java.time.Duration;
import java.util.Map;

import dev.mlpipeline.promoter.live.LiveGateSettings;
import dev.mlpipeline.promoter.rollout.RolloutMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The promotion policy of one model, so that every gate the policy applies is written
 * down as a setting rather than hidden in code.
 *
 * @param metric the primary metric compared between candidate and champion
 * @param greaterIsBetter whether a higher value of the primary metric is better
 * @param minValue the threshold the primary metric must reach: at least this value when
 * greater is better, at most this value otherwise
 * @param minImprovement the least absolute improvement over the champion's value
 * @param minRelativeImprovement the least improvement relative to the champion's value
 * ({@code 0.02} = 2 %), {@code 0} to disable
 * @param floors further metrics with the least value each must reach (e.g.
 * {@code kappa: 0.6})
 * @param manualApproval whether a qualifying version waits as a candidate until an
 * operator promotes it
 * @param allowIncompatibleSchema whether a version whose features or classes differ from
 * the champion's (or whose schema is missing) may still be promoted
 * @param maxPValue the largest p-value of the paired test at which a gain counts as real
 * ({@code 0.05}); only paired comparisons have one
 * @param maxLatencyP99 the slowest p99 scoring time per row the candidate may have,
 * {@code null} for no bound
 * @param maxModelBytes the largest serialized model the candidate may have, {@code null}
 * for no bound
 * @param maxLatencyIncrease the most the candidate's p99 may exceed the champion's,
 * measured in the same job, relative to it ({@code 0.25} = 25 % slower), {@code null} for
 * no bound
 * @param rollout how a version that passes the gates reaches production: {@code direct},
 * or through a {@code shadow}, a {@code canary} or {@code shadow-then-canary} decided by
 * the live gates
 * @param canaryPercent the share of requests a canary answers
 * @param live the live gates of a staged rollout and of the watch after a promotion
 * @param watch how long after a promotion the champion's live error rate and accuracy may
 * still roll it back, {@code 0} for no watch
 */
public record PolicySettings(@NotBlank @DefaultValue("accuracy") String metric,
		@DefaultValue("true") boolean greaterIsBetter, @DefaultValue("0.8") double minValue,
		@PositiveOrZero @DefaultValue("0.01") double minImprovement,
		@PositiveOrZero @DefaultValue("0") double minRelativeImprovement, @NotNull Map<String, Double> floors,
		@DefaultValue("false") boolean manualApproval, @DefaultValue("false") boolean allowIncompatibleSchema,
		@DecimalMin("0") @DecimalMax("1") @DefaultValue("0.05") double maxPValue, Duration maxLatencyP99,
		DataSize maxModelBytes, @PositiveOrZero Double maxLatencyIncrease,
		@NotNull @DefaultValue("direct") RolloutMode rollout, @Min(1) @Max(100) @DefaultValue("10") int canaryPercent,
		@Valid @NotNull @DefaultValue LiveGateSettings live, @NotNull @DefaultValue("30m") Duration watch) {

	public PolicySettings {
		floors = (floors != null) ? Map.copyOf(floors) : Map.of();
		rollout = (rollout != null) ? rollout : RolloutMode.DIRECT;
		live = (live != null) ? live : LiveGateSettings.defaults();
		watch = (watch != null) ? watch : Duration.ofMinutes(30);
	}

	/**
	 * These settings with the given overrides applied; unset overrides keep the value
	 * here.
	 * @param overrides per-model values, any of them {@code null}
	 * @return the merged settings
	 */
	public PolicySettings with(PolicyOverrides overrides) {
		if (overrides == null) {
			return this;
		}
		return new PolicySettings(or(overrides.metric(), this.metric),
				or(overrides.greaterIsBetter(), this.greaterIsBetter), or(overrides.minValue(), this.minValue),
				or(overrides.minImprovement(), this.minImprovement),
				or(overrides.minRelativeImprovement(), this.minRelativeImprovement),
				or(overrides.floors(), this.floors), or(overrides.manualApproval(), this.manualApproval),
				or(overrides.allowIncompatibleSchema(), this.allowIncompatibleSchema),
				or(overrides.maxPValue(), this.maxPValue), or(overrides.maxLatencyP99(), this.maxLatencyP99),
				or(overrides.maxModelBytes(), this.maxModelBytes),
				or(overrides.maxLatencyIncrease(), this.maxLatencyIncrease), or(overrides.rollout(), this.rollout),
				or(overrides.canaryPercent(), this.canaryPercent), this.live.with(overrides.live()),
				or(overrides.watch(), this.watch));
	}

	private static <T> T or(T override, T fallback) {
		return (override != null) ? override : fallback;
	}

}
