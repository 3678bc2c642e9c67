package dev.mlpipeline.promoter.promotion;

/**
 * Raised when an operator's promotion or rollback cannot apply to the registry's current
 * state (nothing to roll back to, version already in production), answered with a 409.
 */
public class PromotionConflictException extends RuntimeException {

	private final String model;

	public PromotionConflictException(String model, String message) {
		super(message);
		this.model = model;
	}

	/**
	 * The model concerned.
	 * @return the model name
	 */
	public String model() {
		return this.model;
	}

}
