package dev.mlpipeline.promoter.rollout;

import java.security.Principal;
import java.util.Map;

import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.control.CommandAnswers;
import dev.mlpipeline.promoter.command.CommandBus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An operator's rollout controls: stage any version as a shadow or canary challenger
 * ({@code STAGED}, cause {@code MANUAL}), and abort the model's rollout
 * ({@code ROLLED_BACK}, cause {@code MANUAL}, production kept). Both need the operator
 * role and record the operator as actor; the live gates decide a staged version's fate.
 * Both are commands to the model's owner through Kafka, answered as a promotion is.
 */
@RestController
@Tag(name = "rollouts", description = "Staging a challenger and aborting its rollout")
@RequestMapping("/models/{name}")
class RolloutController {

	private final CommandBus commands;

	RolloutController(CommandBus commands) {
		this.commands = commands;
	}

	@Operation(summary = "Stage a version as a shadow or canary challenger",
			description = "Decided STAGED (cause MANUAL); the live gates decide the version's fate. A 400 names the"
					+ " field at fault (mode or percent).")
	@CommandAnswers
	@PostMapping("/versions/{version}/rollout")
	Mono<ResponseEntity<String>> stage(@PathVariable String name, @PathVariable String version,
			@RequestBody(required = false) RolloutRequest request, Principal operator) {
		if (request == null || request.mode() == null || request.mode().isBlank()) {
			throw new InvalidRolloutException("mode", "mode is required: shadow, canary or shadow-then-canary");
		}
		RolloutMode mode;
		try {
			mode = RolloutMode.parse(request.mode());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRolloutException("mode", ex.getMessage());
		}
		if (mode == RolloutMode.DIRECT) {
			throw new InvalidRolloutException("mode", "mode direct is no rollout: use shadow, canary or "
					+ "shadow-then-canary, or POST .../versions/" + version + "/promote");
		}
		if (request.percent() != null && (request.percent() < 1 || request.percent() > 100)) {
			throw new InvalidRolloutException("percent", "percent must be 1 to 100, not " + request.percent());
		}
		return this.commands.send(this.commands.command(name, PromotionRequested.STAGE, version, mode.text(),
				request.percent(), request.reason(), operator.getName()));
	}

	@Operation(summary = "Abort the model's rollout",
			description = "Decided ROLLED_BACK (cause MANUAL); production is kept.")
	@CommandAnswers
	@PostMapping("/rollout/abort")
	Mono<ResponseEntity<String>> abort(@PathVariable String name, @RequestBody(required = false) AbortRequest request,
			Principal operator) {
		String note = (request != null) ? request.reason() : null;
		return this.commands
			.send(this.commands.command(name, PromotionRequested.ABORT, null, null, null, note, operator.getName()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> invalid(InvalidRolloutException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage(), "field", ex.field()));
	}

	/**
	 * The body of a manual rollout.
	 *
	 * @param mode {@code shadow}, {@code canary} or {@code shadow-then-canary}
	 * @param percent the canary's share of requests, 1 to 100; the model's
	 * {@code canary-percent} when absent
	 * @param reason why the operator stages the version
	 */
	record RolloutRequest(String mode, Integer percent, String reason) {
	}

	/**
	 * Optional body of an abort.
	 *
	 * @param reason why the operator ends the rollout
	 */
	record AbortRequest(String reason) {
	}

	/** A rollout request with a field that cannot be carried out. */
	static final class InvalidRolloutException extends RuntimeException {

		private final String field;

		InvalidRolloutException(String field, String message) {
			super(message);
			this.field = field;
		}

		String field() {
			return this.field;
		}

	}

}
