package dev.mlpipeline.promoter.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.EventNotSentException;
import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PromotionReplied;
import dev.mlpipeline.kafka.event.PromotionRequested;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a command to the model's owner and waits a bounded time for its answer: the
 * answer the owner gave (status and body as the HTTP API gives them), {@code 202} with
 * the command id and where its decision will show when the owner has not answered in time
 * (the command stays on Kafka and is applied), {@code 503} when Kafka did not take the
 * command (nothing changed).
 */
@Component
public class CommandBus {

	private static final Logger logger = LoggerFactory.getLogger(CommandBus.class);

	private final Map<String, CompletableFuture<PromotionReplied>> waiting = new ConcurrentHashMap<>();

	private final EventPublisher publisher;

	private final Scheduler scheduler;

	private final Duration replyTimeout;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock = Clock.systemUTC();

	CommandBus(EventPublisher publisher, Scheduler registryScheduler,
			@Value("${promotion.commands.reply-timeout:15s}") Duration replyTimeout) {
		this.publisher = publisher;
		this.scheduler = registryScheduler;
		this.replyTimeout = replyTimeout;
	}

	/**
	 * A new command.
	 * @param model the registered model
	 * @param action the action
	 * @param version the version, may be {@code null}
	 * @param mode a rollout's mode, may be {@code null}
	 * @param percent a canary's share, may be {@code null}
	 * @param reason the operator's reason, may be {@code null}
	 * @param actor who asks
	 * @return the command, with a fresh id
	 */
	public PromotionRequested command(String model, String action, String version, String mode, Integer percent,
			String reason, String actor) {
		return new PromotionRequested(UUID.randomUUID().toString(), model, action, version, mode, percent, reason,
				actor, Instant.now(this.clock));
	}

	/**
	 * Sends a command and answers the caller with its owner's answer.
	 * @param command the command
	 * @return the answer, JSON
	 */
	public Mono<ResponseEntity<String>> send(PromotionRequested command) {
		return Mono.fromCallable(() -> sendAndWait(command)).subscribeOn(this.scheduler);
	}

	/**
	 * Sends a command nobody waits for (a live check).
	 * @param command the command
	 * @throws EventNotSentException when Kafka did not take it
	 */
	public void post(PromotionRequested command) {
		this.publisher.send(Topics.PROMOTION_COMMANDS, command.modelName(), command);
	}

	private ResponseEntity<String> sendAndWait(PromotionRequested command) {
		CompletableFuture<PromotionReplied> reply = new CompletableFuture<>();
		this.waiting.put(command.commandId(), reply);
		try {
			try {
				post(command);
			}
			catch (RuntimeException ex) {
				logger.warn("Command {} on model {} not sent, nothing changed: {}", command.action(),
						command.modelName(), ex.getMessage());
				return answer(HttpStatus.SERVICE_UNAVAILABLE,
						Map.of("error",
								"Kafka is unavailable, nothing changed: the " + command.action() + " of model "
										+ command.modelName() + " could not be handed to its promoter ("
										+ ex.getMessage() + ")"));
			}
			PromotionReplied answered = reply.get(this.replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return ResponseEntity.status(answered.status())
				.contentType(MediaType.APPLICATION_JSON)
				.body(answered.body());
		}
		catch (TimeoutException ex) {
			CommandAccepted body = new CommandAccepted(command.commandId(), command.modelName(), command.action(),
					"accepted",
					"the model's promoter has not answered within " + this.replyTimeout
							+ "; the command is on Kafka and will be applied: its decision will show in the decisions",
					"/models/" + command.modelName() + "/decisions");
			return answer(HttpStatus.ACCEPTED, body);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return answer(HttpStatus.SERVICE_UNAVAILABLE, Map.of("error", "interrupted while waiting for the answer"));
		}
		catch (ExecutionException ex) {
			return answer(HttpStatus.INTERNAL_SERVER_ERROR, Map.of("error", String.valueOf(ex.getCause())));
		}
		finally {
			this.waiting.remove(command.commandId());
		}
	}

	/**
	 * Hands an answer to the caller waiting for it on this replica, if any.
	 * @param reply the answer
	 */
	void complete(PromotionReplied reply) {
		CompletableFuture<PromotionReplied> waiter = this.waiting.get(reply.commandId());
		if (waiter != null) {
			waiter.complete(reply);
		}
	}

	private ResponseEntity<String> answer(HttpStatus status, Object body) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(body));
	}

	/**
	 * The {@code 202} of a command the model's owner has not answered in time.
	 *
	 * @param commandId the command's id
	 * @param model the registered model
	 * @param action the command's action ({@code PROMOTE}, {@code ROLLBACK}, ...)
	 * @param status {@code accepted}
	 * @param message what happened
	 * @param decisions where the command's decision will show
	 */
	public record CommandAccepted(String commandId, String model, String action, String status, String message,
			String decisions) {
	}

}
