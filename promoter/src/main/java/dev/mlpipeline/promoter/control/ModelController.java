package dev.mlpipeline.promoter.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.mlpipeline.kafka.EventNotSentException;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.promotion.ModelStatus;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.PromotionService;
import dev.mlpipeline.promoter.promotion.UnknownModelException;
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
 * ROLLBACK).
 */
@RestController
@RequestMapping("/models/{name}")
class ModelController {

	private final PromotionService promotions;

	private final Scheduler scheduler;

	ModelController(PromotionService promotions, Scheduler registryScheduler) {
		this.promotions = promotions;
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
	Mono<DecisionRecord> promote(@PathVariable String name, @PathVariable String version,
			@RequestBody(required = false) PromoteRequest request) {
		String note = (request != null) ? request.reason() : null;
		return blocking(() -> this.promotions.promote(name, version, note));
	}

	@PostMapping("/rollback")
	Mono<DecisionRecord> rollback(@PathVariable String name, @RequestBody(required = false) RollbackRequest request) {
		String version = (request != null) ? request.version() : null;
		String note = (request != null) ? request.reason() : null;
		return blocking(() -> this.promotions.rollback(name, version, note));
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
	ResponseEntity<Map<String, String>> unavailable(MlflowUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("error", "MLflow is unavailable: " + ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> kafkaUnavailable(EventNotSentException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("error", "The registry was updated but Kafka did not take the events: " + ex.getMessage()));
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
