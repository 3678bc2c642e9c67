package dev.mlpipeline.promoter.live;

import java.util.List;

/**
 * What the live gates conclude of a rollout (or of a champion under watch), with every
 * gate's verdict behind it.
 *
 * @param outcome promote, roll back, or wait for more evidence
 * @param gates each gate's verdict, the evidence floor and time limit first
 */
public record LiveVerdict(Outcome outcome, List<LiveGate> gates) {

	public LiveVerdict {
		gates = List.copyOf(gates);
	}

	/**
	 * The reason lines of the decision record, one per gate.
	 * @return the reasons
	 */
	public List<String> reasons() {
		return this.gates.stream().map(LiveGate::reason).toList();
	}

	/** What to do with the challenger (or the watched champion). */
	public enum Outcome {

		/** Every gate passed: the challenger becomes the champion. */
		PROMOTE,

		/**
		 * A gate failed, or time ran out: the challenger (or champion) is rolled back.
		 */
		ROLL_BACK,

		/** Not enough evidence yet. */
		WAIT

	}

}
