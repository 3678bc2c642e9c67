package dev.mlpipeline.promoter.command;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.EventKeys;
import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionReplied;
import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import dev.mlpipeline.promoter.promotion.PromotionService;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one consumer that decides about a model: registrations and commands of a model
 * share its partition number on {@code model-registered} and {@code promotion-commands},
 * and one listener in the group {@code promoter} subscribed to both gets the same
 * partitions of both (Kafka's range assignment of topics with equal partition counts), so
 * a model's registrations and commands are applied on one thread, one after the other, on
 * whichever replica owns them. A registration is handed to the promotion service as
 * before; a command to the feature that carries out its action, and its answer published
 * on {@code promotion-replies} for the replica whose caller waits. A command's failure is
 * its answer, never retried; only a reply Kafka does not take makes the record come back,
 * and the command, finding its decision taken, answers the same again.
 */
@Component
@KafkaListener(id = "promoter-models", topics = { Topics.MODEL_REGISTERED, Topics.PROMOTION_COMMANDS },
		groupId = "promoter")
class ModelPartitionListener {

	private static final Logger logger = LoggerFactory.getLogger(ModelPartitionListener.class);

	private final PromotionService promotions;

	private final OutboxRelay relay;

	private final Map<String, CommandHandler> handlers = new HashMap<>();

	private final EventPublisher publisher;

	private final JsonMapper json;

	private final Clock clock = Clock.systemUTC();

	private final ObservationRegistry observations;

	ModelPartitionListener(PromotionService promotions, OutboxRelay relay, List<CommandHandler> handlers,
			EventPublisher publisher, JsonMapper json, ObservationRegistry observations) {
		this.observations = observations;
		this.promotions = promotions;
		this.relay = relay;
		this.publisher = publisher;
		this.json = json;
		for (CommandHandler handler : handlers) {
			handler.actions().forEach((action) -> {
				if (this.handlers.put(action, handler) != null) {
					throw new IllegalStateException("Two handlers of the command action " + action);
				}
			});
		}
	}

	@KafkaHandler
	void on(ModelRegistered event, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		EventKeys.requireModelKey(Topics.MODEL_REGISTERED, key, (event != null) ? event.modelName() : null);
		// the relay takes this decision's trace along to the events it publishes
		Observation.createNotStarted("pipeline.promotion.decision", this.observations)
			.lowCardinalityKeyValue("pipeline.model", String.valueOf(event.modelName()))
			.highCardinalityKeyValue("pipeline.model.version", String.valueOf(event.version()))
			.highCardinalityKeyValue("pipeline.job.id", String.valueOf(event.jobId()))
			.highCardinalityKeyValue("pipeline.decision.id", DecisionRecord.idFor(event.eventId()))
			.observe(() -> {
				this.promotions.onRegistered(event);
				this.relay.publish(event.modelName());
			});
	}

	@KafkaHandler
	void on(PromotionRequested command, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		EventKeys.requireModelKey(Topics.PROMOTION_COMMANDS, key, (command != null) ? command.modelName() : null);
		if (command.commandId() == null || command.commandId().isBlank()) {
			throw new RejectedEventException("A command needs a commandId");
		}
		Observation.createNotStarted("pipeline.promotion.command", this.observations)
			.lowCardinalityKeyValue("pipeline.model", String.valueOf(command.modelName()))
			.lowCardinalityKeyValue("pipeline.command.action", String.valueOf(command.action()))
			.highCardinalityKeyValue("pipeline.command.actor", String.valueOf(command.actor()))
			.highCardinalityKeyValue("pipeline.model.version", String.valueOf(command.version()))
			.highCardinalityKeyValue("pipeline.decision.id", DecisionRecord.idForCommand(command.commandId()))
			.observe(() -> handle(command));
	}

	private void handle(PromotionRequested command) {
		CommandHandler handler = this.handlers.get(command.action());
		ResponseEntity<?> answer;
		if (handler == null) {
			answer = ResponseEntity.badRequest()
				.body(Map.of("error", "no such action: " + command.action(), "field", "action"));
		}
		else {
			answer = carryOut(handler, command);
		}
		if (!PromotionRequested.CHECK.equals(command.action())) {
			logger.info("Command {} {} of model {} by {}: {}", command.commandId(), command.action(),
					command.modelName(), command.actor(), (answer != null) ? answer.getStatusCode().value() : "-");
		}
		if (answer != null) {
			PromotionReplied reply = new PromotionReplied(command.commandId(), command.modelName(),
					answer.getStatusCode().value(), this.json.writeValueAsString(answer.getBody()),
					Instant.now(this.clock));
			this.publisher.send(Topics.PROMOTION_REPLIES, command.modelName(), reply);
		}
	}

	private ResponseEntity<?> carryOut(CommandHandler handler, PromotionRequested command) {
		try {
			return handler.handle(command, DecisionRecord.idForCommand(command.commandId()));
		}
		catch (RuntimeException ex) {
			Optional<ResponseEntity<Map<String, String>>> known = FailureAnswers.of(ex);
			if (known.isPresent()) {
				return known.get();
			}
			logger.error("Command {} {} on model {} failed", command.commandId(), command.action(), command.modelName(),
					ex);
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.body(Map.of("error", "the command failed: " + ex));
		}
	}

}
