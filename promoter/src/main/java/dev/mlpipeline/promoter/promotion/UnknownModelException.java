package dev.mlpipeline.promoter.promotion;

/**
 * Raised when an operator names a model or version the registry does not know, answered
 * with a 404 that names it.
 */
public class UnknownModelException extends RuntimeException {

	private final String model;

	private final String version;

	public UnknownModelException(String model, String version) {
		super((version != null) ? "Model " + model + " has no version " + version : "Unknown model " + model);
		this.model = model;
		this.version = version;
	}

	/**
	 * The model asked for.
	 * @return the model name
	 */
	public String model() {
		return this.model;
	}

	/**
	 * The version asked for.
	 * @return the version, {@code null} when the model itself is unknown
	 */
	public String version() {
		return this.version;
	}

}
