package dev.mlpipeline.promoter.promotion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;

/**
 * Compares what a {@code ModelRegistered} event claims with what the registry holds: an
 * event is only a claim, so every claim it makes (run, metrics, digest, artifact,
 * algorithm) must match the registry, or the event is refused; a claim the event omits is
 * no disagreement.
 */
final class RegistrationClaims {

	/** Absorbs the rounding of a metric written as text and read back. */
	private static final double TOLERANCE = 1e-9;

	static final String ABSENT = "absent";

	/** Keeps a header readable whatever an event carries. */
	private static final int MAX_VALUE = 200;

	private RegistrationClaims() {
	}

	/**
	 * The claims of an event that the registry contradicts or cannot confirm.
	 * @param event the registration event
	 * @param version the version as the registry has it
	 * @param registryMetrics the version's metrics as the registry has them (tags, then
	 * run)
	 * @return claim name ({@code runId}, {@code metric.<name>}, {@code sha256},
	 * {@code artifactUri}, {@code algorithm}) to {@code event <x>, registry <y>}, in that
	 * order; empty when every claim holds
	 */
	static Map<String, String> disagreements(ModelRegistered event, ModelVersion version,
			Map<String, Double> registryMetrics) {
		Map<String, String> differences = new LinkedHashMap<>();
		compare(differences, "runId", event.runId(), version.runId());
		if (event.metrics() != null) {
			new TreeMap<>(event.metrics()).forEach((name, claimed) -> {
				if (name != null && claimed != null) {
					Double known = registryMetrics.get(name);
					if (known == null || !sameValue(claimed, known)) {
						differences.put(ModelTags.metric(name), describe(claimed, known));
					}
				}
			});
		}
		compare(differences, ModelTags.SHA256, event.sha256(), version.tags().get(ModelTags.SHA256));
		compare(differences, "artifactUri", event.artifactUri(), version.source());
		compare(differences, ModelTags.ALGORITHM, event.algorithm(), version.tags().get(ModelTags.ALGORITHM));
		return differences;
	}

	/**
	 * One sentence naming every disagreement.
	 * @param event the refused event
	 * @param differences the disagreements
	 * @return the message of the refusal
	 */
	static String message(ModelRegistered event, Map<String, String> differences) {
		StringBuilder message = new StringBuilder("ModelRegistered ").append(event.eventId())
			.append(" for model ")
			.append(event.modelName())
			.append(" version ")
			.append(event.version())
			.append(" disagrees with the registry: ");
		String separator = "";
		for (Map.Entry<String, String> difference : differences.entrySet()) {
			message.append(separator)
				.append(difference.getKey())
				.append(" (")
				.append(difference.getValue())
				.append(')');
			separator = ", ";
		}
		return message.toString();
	}

	private static void compare(Map<String, String> differences, String claim, String claimed, String known) {
		if (claimed != null && !Objects.equals(claimed, known)) {
			differences.put(claim, describe(claimed, known));
		}
	}

	private static boolean sameValue(double claimed, double known) {
		if (Double.isNaN(claimed) || Double.isNaN(known)) {
			return Double.isNaN(claimed) && Double.isNaN(known);
		}
		return Math.abs(claimed - known) <= TOLERANCE * Math.max(1.0, Math.abs(known));
	}

	private static String describe(Object claimed, Object known) {
		return "event " + shorten(claimed) + ", registry " + ((known != null) ? shorten(known) : ABSENT);
	}

	private static String shorten(Object value) {
		String text = String.valueOf(value);
		return (text.length() <= MAX_VALUE) ? text : text.substring(0, MAX_VALUE) + "...";
	}

}
