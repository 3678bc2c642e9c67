package dev.mlpipeline.promoter.policy;

/**
 * How the candidate's features and classes compare with the champion's, worked out before
 * the policy runs so the policy itself stays free of I/O.
 *
 * @param compatibility the verdict
 * @param detail what differs or what is missing, in words
 */
public record SchemaCheck(Compatibility compatibility, String detail) {

	/**
	 * Same feature names, types, nominal values and target.
	 * @return the check
	 */
	public static SchemaCheck compatible() {
		return new SchemaCheck(Compatibility.COMPATIBLE, "features and classes match");
	}

	/**
	 * The schemas differ.
	 * @param detail what differs
	 * @return the check
	 */
	public static SchemaCheck incompatible(String detail) {
		return new SchemaCheck(Compatibility.INCOMPATIBLE, detail);
	}

	/**
	 * A schema could not be read, so compatibility is unknown.
	 * @param detail which schema is missing
	 * @return the check
	 */
	public static SchemaCheck unknown(String detail) {
		return new SchemaCheck(Compatibility.UNKNOWN, detail);
	}

	/**
	 * Verdict of a schema comparison.
	 */
	public enum Compatibility {

		/** Same features and classes. */
		COMPATIBLE,

		/** Features or classes differ. */
		INCOMPATIBLE,

		/** At least one schema is missing. */
		UNKNOWN

	}

}
