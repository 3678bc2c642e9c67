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
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.util.unit.DataSize;

/**
 * The settings one model changes from the defaults, so a per-model policy states only
 * what differs; {@code null} keeps the default.
 *
 * @param metric the primary metric
 * @param greaterIsBetter whether a higher value is better
 * @param minValue the threshold of the primary metric
 * @param minImprovement the least absolute improvement over the champion
 * @param minRelativeImprovement the least relative improvement over the champion
 * @param floors further metric floors, replacing the default floors
 * @param manualApproval whether qualifying versions wait for an operator
 * @param allowIncompatibleSchema whether schema differences are tolerated
 * @param maxPValue the largest p-value at which a paired gain counts
 * @param maxLatencyP99 the slowest p99 scoring time per row
 * @param maxModelBytes the largest serialized model
 * @param maxLatencyIncrease the most the p99 may exceed the champion's, relatively
 * @param rollout how a qualifying version reaches production
 * @param canaryPercent the share of requests a canary answers
 * @param live the live gates the model changes
 * @param watch how long a promotion stays under watch
 */
public record PolicyOverrides(String metric, Boolean greaterIsBetter, Double minValue,
		@PositiveOrZero Double minImprovement, @PositiveOrZero Double minRelativeImprovement,
		Map<String, Double> floors, Boolean manualApproval, Boolean allowIncompatibleSchema,
		@DecimalMin("0") @DecimalMax("1") Double maxPValue, Duration maxLatencyP99, DataSize maxModelBytes,
		@PositiveOrZero Double maxLatencyIncrease, RolloutMode rollout, @Min(1) @Max(100) Integer canaryPercent,
		@Valid LiveGateSettings.Overrides live, Duration watch) {

}
