package dev.mlpipeline.promoter.control;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.Callable;

import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.promotion.ModelStatus;
import dev.mlpipeline.promoter.promotion.PromotionService;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
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
 * ROLLBACK). A promotion or rollback answers what happened: {@code 200} with
 * {@code "events": "published"} when the registry changed and Kafka took the events,
 * {@code 202} with {@code "events": "pending"} when the registry changed and the events
 * wait in the outbox for Kafka. Every change needs the operator role and records the
 * signed-in operator as its actor; reading needs the viewer role.
 */
@RestController
@RequestMapping("/models/{name}")
class ModelController {

	private final PromotionService promotions;

	private final OutboxRelay relay;

	private final Scheduler scheduler;

	ModelController(PromotionService promotions, OutboxRelay relay, Scheduler registryScheduler) {
		this.promotions = promotions;
		this.relay = relay;
		this.scheduler = registryScheduler;
	}

	@GetMapping
	Mono<ModelStatus> status(@PathVariable String name) {
		return blocking(() -> this.promotions.status(name));
	}

	@GetMapping("/decisions")
	Mono<List<DecisionRecord>> decisions(@PathVariable String name) {
		return blocking(() -> this.promotions.decisions(name));
	}

	@PostMapping("/versions/{version}/promote")
	Mono<ResponseEntity<ProductionChange>> promote(@PathVariable String name, @PathVariable String version,
			@RequestBody(required = false) PromoteRequest request, Principal operator) {
		String note = (request != null) ? request.reason() : null;
		return blocking(() -> ProductionChange.answer(this.relay,
				this.promotions.promote(name, version, note, operator.getName())));
	}

	@PostMapping("/rollback")
	Mono<ResponseEntity<ProductionChange>> rollback(@PathVariable String name,
			@RequestBody(required = false) RollbackRequest request, Principal operator) {
		String version = (request != null) ? request.version() : null;
		String note = (request != null) ? request.reason() : null;
		return blocking(() -> ProductionChange.answer(this.relay,
				this.promotions.rollback(name, version, note, operator.getName())));
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
