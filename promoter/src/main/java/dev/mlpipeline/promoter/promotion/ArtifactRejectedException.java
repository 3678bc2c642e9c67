package dev.mlpipeline.promoter.promotion;

/**
 * Raised when an operator's promotion or rollback names a version whose model file is
 * missing, does not match its SHA-256 or fails the allow-list: production is not moved,
 * and the answer (422) names the problem.
 */
public class ArtifactRejectedException extends RuntimeException {

	private final String model;

	private final String version;

	private final String problem;

	public ArtifactRejectedException(String model, String version, String problem) {
		super("Model " + model + " version " + version + " cannot go to production: its model file failed the check ("
				+ problem + ")");
		this.model = model;
		this.version = version;
		this.problem = problem;
	}

	/**
	 * The model concerned.
	 * @return the model name
	 */
	public String model() {
		return this.model;
	}

	/**
	 * The version refused.
	 * @return the version
	 */
	public String version() {
		return this.version;
	}

	/**
	 * What is wrong with its model file.
	 * @return the problem, starting with its kind ({@code checksum: ...})
	 */
	public String problem() {
		return this.problem;
	}

}
