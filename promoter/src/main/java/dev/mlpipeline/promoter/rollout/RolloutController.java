package dev.mlpipeline.promoter.rollout;

import java.security.Principal;
import java.util.Map;

import dev.mlpipeline.promoter.control.ProductionChange;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

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
 */
@RestController
@RequestMapping("/models/{name}")
class RolloutController {

	private final RolloutService rollouts;

	private final OutboxRelay relay;

	private final Scheduler scheduler;

	RolloutController(RolloutService rollouts, OutboxRelay relay, Scheduler registryScheduler) {
		this.rollouts = rollouts;
		this.relay = relay;
		this.scheduler = registryScheduler;
	}

	@PostMapping("/versions/{version}/rollout")
	Mono<ResponseEntity<ProductionChange>> stage(@PathVariable String name, @PathVariable String version,
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
		return Mono
			.fromCallable(() -> ProductionChange.answer(this.relay,
					this.rollouts.stage(name, version, mode, request.percent(), request.reason(), operator.getName())))
			.subscribeOn(this.scheduler);
	}

	@PostMapping("/rollout/abort")
	Mono<ResponseEntity<ProductionChange>> abort(@PathVariable String name,
			@RequestBody(required = false) AbortRequest request, Principal operator) {
		String note = (request != null) ? request.reason() : null;
		return Mono
			.fromCallable(
					() -> ProductionChange.answer(this.relay, this.rollouts.abort(name, note, operator.getName())))
			.subscribeOn(this.scheduler);
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
