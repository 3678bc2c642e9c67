package dev.mlpipeline.mlflow.model;

import java.util.Locale;

/**
 * A model file that cannot be trusted or read, with the kind of failure that decides
 * whether trying again can help. Its message never quotes the file's content.
 */
public class ModelFileException extends Exception {

	private final Kind kind;

	public ModelFileException(Kind kind, String message) {
		this(kind, message, null);
	}

	public ModelFileException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	/**
	 * What went wrong.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * What went wrong with a model file.
	 */
	public enum Kind {

		/** MLflow could not be reached or failed: worth retrying. */
		UNAVAILABLE,
		/** The model file is not in the version's artifacts. */
		NOT_FOUND,
		/** The model file is larger than allowed. */
		TOO_LARGE,
		/** The file's SHA-256 differs from the registry's, or the registry has none. */
		CHECKSUM,
		/** The file holds a class outside the allow-list or exceeds a graph limit. */
		REJECTED_CLASS,
		/**
		 * The model refers to files or loads other models lazily, which the checks could
		 * not cover.
		 */
		FILE_REFERENCE,
		/** The file is not a Weka classifier and its header. */
		CORRUPT;

		/**
		 * Whether the same file may load on another attempt.
		 * @return true only when MLflow was unavailable
		 */
		public boolean isTransient() {
			return this == UNAVAILABLE;
		}

		/**
		 * The kind as a metric or JSON label.
		 * @return for example {@code file_reference}
		 */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
