package dev.mlpipeline.promoter.policy;

import java.util.Map;

import jakarta.validation.constraints.PositiveOrZero;

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
 */
public record PolicyOverrides(String metric, Boolean greaterIsBetter, Double minValue,
		@PositiveOrZero Double minImprovement, @PositiveOrZero Double minRelativeImprovement,
		Map<String, Double> floors, Boolean manualApproval, Boolean allowIncompatibleSchema) {

}
