package dev.mlpipeline.promoter.policy;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.bind.DefaultValue;

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
 */
public record PolicySettings(@NotBlank @DefaultValue("accuracy") String metric,
		@DefaultValue("true") boolean greaterIsBetter, @DefaultValue("0.8") double minValue,
		@PositiveOrZero @DefaultValue("0.01") double minImprovement,
		@PositiveOrZero @DefaultValue("0") double minRelativeImprovement, @NotNull Map<String, Double> floors,
		@DefaultValue("false") boolean manualApproval, @DefaultValue("false") boolean allowIncompatibleSchema) {

	public PolicySettings {
		floors = (floors != null) ? Map.copyOf(floors) : Map.of();
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
				or(overrides.allowIncompatibleSchema(), this.allowIncompatibleSchema));
	}

	private static <T> T or(T override, T fallback) {
		return (override != null) ? override : fallback;
	}

}
