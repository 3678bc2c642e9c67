package dev.mlpipeline.promoter.control;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.Callable;

import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.command.CommandBus;
import dev.mlpipeline.promoter.command.FailureAnswers;
import dev.mlpipeline.promoter.promotion.ModelStatus;
import dev.mlpipeline.promoter.promotion.PromotionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's controls: the production state and decision history of a model, manual
 * promotion (gates skipped, audited as MANUAL) and one-step rollback (audited as
 * ROLLBACK). A promotion or rollback is a command to the model's owner through Kafka
 * ({@link CommandBus}) and answers what happened there: {@code 200} with
 * {@code "events": "published"} when the registry changed and Kafka took the events,
 * {@code 202} with {@code "events": "pending"} when the registry changed and the events
 * wait in the outbox; {@code 202} with the command id when the owner has not answered in
 * time, {@code 503} when Kafka did not take the command (nothing changed). Every change
 * needs the operator role and records the signed-in operator as its actor; reading needs
 * the viewer role.
 */
@RestController
@Tag(name = "models", description = "A model's production state, history, promotion and rollback")
@RequestMapping("/models/{name}")
class ModelController {

	private final PromotionService promotions;

	private final CommandBus commands;

	private final Scheduler scheduler;

	ModelController(PromotionService promotions, CommandBus commands, Scheduler registryScheduler) {
		this.promotions = promotions;
		this.commands = commands;
		this.scheduler = registryScheduler;
	}

	@Operation(summary = "A model's production state",
			description = "Champion, previous champion, challenger and its rollout, candidates waiting for an"
					+ " operator, and the model's policy.")
	@ApiResponse(responseCode = "200", description = "The model's state")
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@ApiResponse(responseCode = "503", description = "MLflow is unavailable",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@GetMapping
	Mono<ModelStatus> status(@PathVariable String name) {
		return blocking(() -> this.promotions.status(name));
	}

	@Operation(summary = "A model's decision history", description = "Every audited decision, newest first.")
	@ApiResponse(responseCode = "200", description = "The decisions")
	@ApiResponse(responseCode = "503", description = "MLflow is unavailable",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@GetMapping("/decisions")
	Mono<List<DecisionRecord>> decisions(@PathVariable String name) {
		return blocking(() -> this.promotions.decisions(name));
	}

	@Operation(summary = "Promote a version (or approve one waiting for approval)",
			description = "Makes the version production with the gates skipped, audited as MANUAL with the"
					+ " signed-in operator as actor; a command to the model's owner through Kafka.")
	@CommandAnswers
	@PostMapping("/versions/{version}/promote")
	Mono<ResponseEntity<String>> promote(@PathVariable String name, @PathVariable String version,
			@RequestBody(required = false) PromoteRequest request, Principal operator) {
		String note = (request != null) ? request.reason() : null;
		return this.commands.send(
				this.commands.command(name, PromotionRequested.PROMOTE, version, null, null, note, operator.getName()));
	}

	@Operation(summary = "Roll back production",
			description = "Returns production to the given version, the previous champion when the body names"
					+ " none; audited as ROLLBACK with the signed-in operator as actor.")
	@CommandAnswers
	@PostMapping("/rollback")
	Mono<ResponseEntity<String>> rollback(@PathVariable String name,
			@RequestBody(required = false) RollbackRequest request, Principal operator) {
		String version = (request != null) ? request.version() : null;
		String note = (request != null) ? request.reason() : null;
		return this.commands.send(this.commands.command(name, PromotionRequested.ROLLBACK, version, null, null, note,
				operator.getName()));
	}

	private <T> Mono<T> blocking(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(this.scheduler);
	}

	/**
	 * Optional body of a manual promotion.
	 *
	 * @param reason why the operator promotes the version
	 */
	record PromoteRequest(String reason) {
	}

	/**
	 * Optional body of a rollback.
	 *
	 * @param version the version to return to, the previous champion when absent
	 * @param reason why the operator rolls back
	 */
	record RollbackRequest(String version, String reason) {
	}

}
