package dev.mlpipeline.promoter.control;

import java.util.function.Supplier;

import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer to an operator's decision (promotion, rollback, rollout): the recorded
 * decision and whether its events are on Kafka yet.
 *
 * @param decision the recorded decision, its fields at the top level of the answer
 * @param events {@code published} or {@code pending} (in the outbox, published when Kafka
 * takes them)
 */
public record ProductionChange(@JsonUnwrapped DecisionRecord decision, String events) {

	static final String PUBLISHED = "published";

	static final String PENDING = "pending";

	/**
	 * Publishes the events of a recorded decision, waiting a bounded time for Kafka:
	 * {@code 200} with {@code "events": "published"} when Kafka took them, {@code 202}
	 * with {@code "events": "pending"} when they wait in the outbox.
	 * @param relay the outbox relay
	 * @param decision the recorded decision
	 * @return the answer
	 */
	/**
	 * The answer to a command's decision, taken once: a command redelivered finds the
	 * decision its id names and is answered with it, deciding nothing again.
	 * @param relay the outbox relay
	 * @param decisions where decisions are recorded
	 * @param model the registered model
	 * @param decisionId the id the command's decision is recorded under
	 * @param decide takes the decision when none is recorded under that id
	 * @return the answer
	 */
	public static ResponseEntity<ProductionChange> answerOnce(OutboxRelay relay, DecisionLog decisions, String model,
			String decisionId, Supplier<DecisionRecord> decide) {
		return answer(relay, decisions.find(model, decisionId).orElseGet(decide));
	}

	public static ResponseEntity<ProductionChange> answer(OutboxRelay relay, DecisionRecord decision) {
		boolean published = relay.publishAndWait(decision.modelName());
		return published ? ResponseEntity.ok(new ProductionChange(decision, PUBLISHED))
				: ResponseEntity.status(HttpStatus.ACCEPTED).body(new ProductionChange(decision, PENDING));
	}

}
