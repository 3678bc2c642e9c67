package dev.mlpipeline.serving.model;

import java.util.Locale;

/**
 * A model version that could not be made ready to serve, with the kind of failure that
 * decides whether it is worth retrying.
 */
class ModelLoadException extends Exception {

	private final Kind kind;

	ModelLoadException(Kind kind, String message) {
		this(kind, message, null);
	}

	ModelLoadException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	Kind kind() {
		return this.kind;
	}

	/**
	 * What went wrong.
	 */
	enum Kind {

		/** MLflow could not be reached; retried without limit. */
		UNAVAILABLE,
		/** The artifact is missing. */
		NOT_FOUND,
		/** The model file is larger than allowed. */
		TOO_LARGE,
		/** The file's SHA-256 differs from the registry's, or the registry has none. */
		CHECKSUM,
		/** The file holds a class outside the allow-list or exceeds a graph limit. */
		REJECTED_CLASS,
		/** The model refers to files or loads other models lazily. */
		FILE_REFERENCE,
		/** The file is not a Weka model and its header. */
		CORRUPT,
		/** The feature schema is missing, unreadable or disagrees with the model. */
		SCHEMA,
		/** The model failed to score the warm-up rows. */
		WARMUP;

		boolean isTransient() {
			return this == UNAVAILABLE;
		}

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
