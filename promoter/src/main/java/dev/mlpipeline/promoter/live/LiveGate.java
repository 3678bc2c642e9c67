package dev.mlpipeline.promoter.live;

/**
 * The verdict of one live gate on the evidence so far.
 *
 * @param gate the gate's name ({@code live:error_rate}, {@code live:accuracy}, ...)
 * @param status whether it passed, failed or still waits for evidence
 * @param detail what was compared, in words and figures
 */
public record LiveGate(String gate, Status status, String detail) {

	/**
	 * The human-readable reason line, e.g.
	 * {@code live:error_rate: pass (0.20% of 1200 answers <= 1.00%; champion 0.10%)}.
	 * @return the reason
	 */
	public String reason() {
		return this.gate + ": " + this.status.name().toLowerCase(java.util.Locale.ROOT) + " (" + this.detail + ")";
	}

	/** Where a gate stands. */
	public enum Status {

		/** The evidence meets the gate. */
		PASS,

		/** The evidence breaks the gate. */
		FAIL,

		/** Not enough evidence yet for this gate to decide. */
		WAIT

	}

}
