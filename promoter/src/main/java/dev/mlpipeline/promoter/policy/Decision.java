package dev.mlpipeline.promoter.policy;

import java.util.List;

import dev.mlpipeline.kafka.event.PromotionDecided;

/**
 * What the policy concluded about a candidate, with the verdict of every gate so the
 * decision can be audited.
 */
public sealed interface Decision permits Decision.Promote, Decision.Reject {

	/**
	 * The primary metric compared.
	 * @return the metric name
	 */
	String metric();

	/**
	 * The candidate's value of the primary metric.
	 * @return the value, {@code null} when the candidate has none
	 */
	Double candidateValue();

	/**
	 * The champion's value of the primary metric.
	 * @return the value, {@code null} without a champion or without a value
	 */
	Double championValue();

	/**
	 * How the candidate compared with the champion on the primary metric.
	 * @return the comparison, {@code null} without a champion
	 */
	PromotionDecided.Comparison comparison();

	/**
	 * The scoring cost of candidate and champion, as the trainer measured them.
	 * @return the cost, {@code null} when the candidate's run has no cost figures
	 */
	PromotionDecided.Cost cost();

	/**
	 * Every gate's verdict, in the order the policy applies them.
	 * @return the gate results
	 */
	List<GateResult> gates();

	/**
	 * One human-readable line per gate.
	 * @return the reasons
	 */
	default List<String> reasons() {
		return gates().stream().map(GateResult::reason).toList();
	}

	/**
	 * The candidate passed every gate.
	 *
	 * @param metric the primary metric
	 * @param candidateValue the candidate's value
	 * @param championValue the champion's value, {@code null} without a champion
	 * @param comparison the comparison with the champion, {@code null} without one
	 * @param cost the cost figures, {@code null} when not measured
	 * @param gates every gate's verdict
	 */
	record Promote(String metric, Double candidateValue, Double championValue, PromotionDecided.Comparison comparison,
			PromotionDecided.Cost cost, List<GateResult> gates) implements Decision {

		public Promote {
			gates = List.copyOf(gates);
		}

	}

	/**
	 * The candidate failed at least one gate.
	 *
	 * @param metric the primary metric
	 * @param candidateValue the candidate's value, {@code null} when missing
	 * @param championValue the champion's value, {@code null} without a champion
	 * @param comparison the comparison with the champion, {@code null} without one
	 * @param cost the cost figures, {@code null} when not measured
	 * @param gates every gate's verdict
	 */
	record Reject(String metric, Double candidateValue, Double championValue, PromotionDecided.Comparison comparison,
			PromotionDecided.Cost cost, List<GateResult> gates) implements Decision {

		public Reject {
			gates = List.copyOf(gates);
		}

		/**
		 * The gates the candidate failed.
		 * @return the failed gates
		 */
		public List<GateResult> failed() {
			return this.gates.stream().filter((gate) -> !gate.passed()).toList();
		}

	}

}
