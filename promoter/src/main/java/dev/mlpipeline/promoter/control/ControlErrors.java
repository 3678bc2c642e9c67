package dev.mlpipeline.promoter.control;

import java.util.Map;

import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.promoter.command.FailureAnswers;
import dev.mlpipeline.promoter.promotion.ArtifactRejectedException;
import dev.mlpipeline.promoter.promotion.ArtifactUnavailableException;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.UnknownModelException;

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

	@ExceptionHandler({ UnknownModelException.class, PromotionConflictException.class, ArtifactRejectedException.class,
			ArtifactUnavailableException.class, MlflowUnavailableException.class })
	ResponseEntity<Map<String, String>> answer(RuntimeException failure) {
		return FailureAnswers.of(failure).orElseThrow(() -> failure);
	}

}
