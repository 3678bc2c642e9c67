package dev.mlpipeline.kafka.signing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link EventSignature#verify} found: a record signed with a known key within the
 * age limit, or the reason it is refused.
 */
public sealed interface Verification {

	/**
	 * The record is authentic and fresh.
	 *
	 * @param previousKey whether it was signed with the previous key (a rotation is under
	 * way)
	 */
	record Valid(boolean previousKey) implements Verification {
	}

	/**
	 * The record is refused.
	 *
	 * @param reason why, as a short code
	 * @param message one sentence for people
	 * @param details name to value, for the dead-letter headers; insertion order kept
	 */
	record Invalid(Reason reason, String message, Map<String, String> details) implements Verification {

		public Invalid {
			details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
		}

	}

	/**
	 * Why a record is refused.
	 */
	enum Reason {

		/** No {@value EventSignature#SIGNATURE_HEADER} header: an unsigned record. */
		MISSING_SIGNATURE("missing-signature"),

		/** A signature without its {@value EventSignature#TIMESTAMP_HEADER} header. */
		MISSING_TIMESTAMP("missing-timestamp"),

		/**
		 * A header that is not in the scheme's shape: a timestamp that is not a decimal
		 * number, a signature that is not {@code v1,} and Base64 of 32 bytes, or a header
		 * given twice.
		 */
		BAD_FORMAT("bad-format"),

		/** The signature matches neither the current key nor the previous one. */
		FORGED("forged"),

		/** Signed longer ago than the age limit before the broker appended it. */
		STALE("stale"),

		/** Signed further after the broker appended it than the age limit allows. */
		FUTURE("future");

		private final String code;

		Reason(String code) {
			this.code = code;
		}

		/**
		 * The reason as it appears in headers and metrics.
		 * @return a lower-case code, e.g. {@code forged}
		 */
		public String code() {
			return this.code;
		}

	}

}
