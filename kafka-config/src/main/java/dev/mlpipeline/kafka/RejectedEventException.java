package dev.mlpipeline.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by a listener that refuses an event for a business reason (unknown model,
 * inconsistent payload): retrying cannot help, so the record goes straight to its
 * dead-letter topic and the consumer moves on. Its details (for instance each claim of
 * the event that the registry contradicts) become headers of the dead-letter record,
 * {@code pipeline_rejected_<name>}, so the reason can be read without parsing a message.
 */
public class RejectedEventException extends RuntimeException {

	/** Prefix of the dead-letter headers that carry the details. */
	public static final String DETAIL_HEADER_PREFIX = "pipeline_rejected_";

	private final Map<String, String> details;

	public RejectedEventException(String message) {
		this(message, Map.of());
	}

	public RejectedEventException(String message, Throwable cause) {
		super(message, cause);
		this.details = Map.of();
	}

	/**
	 * A refusal with details.
	 * @param message what is wrong, in one sentence
	 * @param details name to value, for instance {@code metric.accuracy} to
	 * {@code event 0.999, registry 0.96}; kept in insertion order
	 */
	public RejectedEventException(String message, Map<String, String> details) {
		super(message);
		this.details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
	}

	/**
	 * The details of the refusal.
	 * @return name to value, possibly empty
	 */
	public Map<String, String> details() {
		return this.details;
	}

}
