package dev.mlpipeline.promoter.control;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.promoter.promotion.ArtifactRejectedException;
import dev.mlpipeline.promoter.promotion.ArtifactUnavailableException;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.UnknownModelException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The answers of every control endpoint to what a decision can run into: an unknown model
 * or version ({@code 404}), a change that conflicts with the registry's state
 * ({@code 409}), a model file that fails its check ({@code 422}), MLflow down
 * ({@code 503}); each a JSON body saying what.
 */
@RestControllerAdvice
class ControlErrors {

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

}
