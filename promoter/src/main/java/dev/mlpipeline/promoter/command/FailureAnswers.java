package dev.mlpipeline.promoter.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.promoter.promotion.ArtifactRejectedException;
import dev.mlpipeline.promoter.promotion.ArtifactUnavailableException;
import dev.mlpipeline.promoter.promotion.PromotionConflictException;
import dev.mlpipeline.promoter.promotion.UnknownModelException;

/**
 * The answers to what a decision can run into, the same over HTTP and in the reply to a
 * command another replica applied: an unknown model or version ({@code 404}), a change
 * that conflicts with the registry's state ({@code 409}), a model file that fails its
 * check ({@code 422}), MLflow down ({@code 503}), a value the action cannot take
 * ({@code 400}); each a JSON body saying what.
 */
public final class FailureAnswers {

	private FailureAnswers() {
	}

	/**
	 * The answer to what a decision ran into, the same over HTTP and in the reply to a
	 * command another replica applied.
	 * @param failure what the decision threw
	 * @return the status and JSON body, empty for a failure that is no answer (a bug)
	 */
	public static Optional<ResponseEntity<Map<String, String>>> of(RuntimeException failure) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", failure.getMessage());
		if (failure instanceof UnknownModelException unknown) {
			body.put("model", unknown.model());
			if (unknown.version() != null) {
				body.put("version", unknown.version());
			}
			return Optional.of(ResponseEntity.status(HttpStatus.NOT_FOUND).body(body));
		}
		if (failure instanceof PromotionConflictException conflict) {
			body.put("model", conflict.model());
			return Optional.of(ResponseEntity.status(HttpStatus.CONFLICT).body(body));
		}
		if (failure instanceof ArtifactRejectedException rejected) {
			body.put("model", rejected.model());
			body.put("version", rejected.version());
			body.put("problem", rejected.problem());
			return Optional.of(ResponseEntity.unprocessableContent().body(body));
		}
		if (failure instanceof ArtifactUnavailableException || failure instanceof MlflowUnavailableException) {
			return Optional.of(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "MLflow is unavailable: " + failure.getMessage())));
		}
		if (failure instanceof IllegalArgumentException) {
			return Optional.of(ResponseEntity.badRequest().body(body));
		}
		return Optional.empty();
	}

	/**
	 * The shape of every answer above, for the API's description: the fields beside
	 * {@code error} appear when the failure has them.
	 *
	 * @param error what the decision ran into
	 * @param model the registered model
	 * @param version the version, when the failure is about one
	 * @param problem what is wrong with the version's model file (422)
	 * @param field the field at fault, when a request's field is (400)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Failure(String error, String model, String version, String problem, String field) {
	}

}
