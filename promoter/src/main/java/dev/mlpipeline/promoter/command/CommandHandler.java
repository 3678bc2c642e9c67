package dev.mlpipeline.promoter.command;

import java.util.Set;

import org.springframework.http.ResponseEntity;

import dev.mlpipeline.kafka.event.PromotionRequested;

/**
 * A feature's part of the commands: the actions it carries out, on the model's owner.
 */
public interface CommandHandler {

	/**
	 * The actions this handler carries out.
	 * @return {@code PromotionRequested} action names
	 */
	Set<String> actions();

	/**
	 * Carries out a command, on the consumer thread that owns its model.
	 * @param command the command
	 * @param decisionId the id the decision it takes is recorded under (derived from the
	 * command id, so a redelivered command finds its decision)
	 * @return the answer the caller gets, {@code null} for a command nobody waits for
	 * @throws RuntimeException what the decision ran into; answered as the HTTP API
	 * answers it
	 */
	ResponseEntity<?> handle(PromotionRequested command, String decisionId);

}
