package dev.mlpipeline.promoter.policy;

import java.util.Map;
import java.util.Optional;

/**
 * A model version as the policy sees it: its version number and its evaluation metrics.
 *
 * @param version the registry version
 * @param metrics metric values by name
 */
public record Contender(String version, Map<String, Double> metrics) {

	public Contender {
		metrics = (metrics != null) ? Map.copyOf(metrics) : Map.of();
	}

	/**
	 * The finite value of a metric.
	 * @param name the metric name
	 * @return the value, empty when missing or not a number
	 */
	public Optional<Double> metric(String name) {
		return Optional.ofNullable(this.metrics.get(name)).filter(Double::isFinite);
	}

}
