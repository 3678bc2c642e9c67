package dev.mlpipeline.promoter.control;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.promotion.ArtifactRejectedException;
import dev.mlpipeline.promoter.promotion.ArtifactUnavailableException;
import dev.mlpipeline.promoter.promotion.ModelStatus;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.PromotionService;
import dev.mlpipeline.promoter.promotion.UnknownModelException;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
		return blocking(() -> announced(this.promotions.promote(name, version, note, operator.getName())));
	}

	@PostMapping("/rollback")
	Mono<ResponseEntity<ProductionChange>> rollback(@PathVariable String name,
			@RequestBody(required = false) RollbackRequest request, Principal operator) {
		String version = (request != null) ? request.version() : null;
		String note = (request != null) ? request.reason() : null;
		return blocking(() -> announced(this.promotions.rollback(name, version, note, operator.getName())));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> unknown(UnknownModelException ex) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("model", ex.model());
		if (ex.version() != null) {
			body.put("version", ex.version());
		}
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> conflict(PromotionConflictException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", ex.getMessage(), "model", ex.model()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> artifactRejected(ArtifactRejectedException ex) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", ex.getMessage());
		body.put("model", ex.model());
		body.put("version", ex.version());
		body.put("problem", ex.problem());
		return ResponseEntity.unprocessableContent().body(body);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> artifactUnavailable(ArtifactUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("error", "MLflow is unavailable: " + ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> unavailable(MlflowUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("error", "MLflow is unavailable: " + ex.getMessage()));
	}

	/**
	 * Publishes the events of a recorded production change, waiting a bounded time for
	 * Kafka, and says which it was.
	 */
	private ResponseEntity<ProductionChange> announced(DecisionRecord decision) {
		boolean published = this.relay.publishAndWait(decision.modelName());
		return published ? ResponseEntity.ok(new ProductionChange(decision, ProductionChange.PUBLISHED))
				: ResponseEntity.status(HttpStatus.ACCEPTED)
					.body(new ProductionChange(decision, ProductionChange.PENDING));
	}

	private <T> Mono<T> blocking(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(this.scheduler);
	}

	/**
	 * The answer to a promotion or rollback: the recorded decision and whether its events
	 * are on Kafka yet.
	 *
	 * @param decision the recorded decision, its fields at the top level of the answer
	 * @param events {@code published} or {@code pending} (in the outbox, published when
	 * Kafka takes them)
	 */
	record ProductionChange(@JsonUnwrapped DecisionRecord decision, String events) {

		static final String PUBLISHED = "published";

		static final String PENDING = "pending";

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
