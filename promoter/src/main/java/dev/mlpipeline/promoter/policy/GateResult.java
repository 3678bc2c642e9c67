package dev.mlpipeline.promoter.policy;

/**
 * The verdict of one policy gate, kept so that every decision explains itself gate by
 * gate.
 *
 * @param gate the gate's name ({@code threshold}, {@code improvement},
 * {@code floor:kappa}, ...)
 * @param passed whether the candidate passed it
 * @param detail what was compared, in words
 */
public record GateResult(String gate, boolean passed, String detail) {

	static GateResult pass(String gate, String detail) {
		return new GateResult(gate, true, detail);
	}

	static GateResult fail(String gate, String detail) {
		return new GateResult(gate, false, detail);
	}

	/**
	 * The human-readable reason line, e.g.
	 * {@code threshold: pass (accuracy 0.9300 >= 0.8000)}.
	 * @return the reason
	 */
	public String reason() {
		return this.gate + ": " + (this.passed ? "pass" : "fail") + " (" + this.detail + ")";
	}

}
