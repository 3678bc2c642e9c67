package dev.mlpipeline.serving.prediction;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON shapes of prediction answers and errors.
 */
final class PredictionResponses {

	private PredictionResponses() {
	}

	/**
	 * The answer of {@code /predict}, with the request id its log record and feedback
	 * name.
	 */
	record PredictResponse(ModelRef model, List<Object> predictions, String requestId) {

	}

	/**
	 * The served model named in an answer, and whether the champion or its challenger (a
	 * canary) answered.
	 */
	record ModelRef(String name, String version, String role) {

	}

	/** One row's prediction for a nominal class. */
	record Classification(String label, Map<String, Double> probabilities) {

	}

	/** One row's prediction for a numeric class. */
	record Regression(Double value) {

	}

	/**
	 * The answer of {@code /invocations}, as MLflow's scoring server gives it, plus the
	 * request id.
	 */
	record InvocationsResponse(List<Object> predictions, String requestId) {

	}

	/**
	 * An error answer naming the row and field at fault when there is one, the media type
	 * accepted when the body's was refused, the content codings accepted when its
	 * encoding was, and the request's id unless that was what was refused.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ErrorResponse(String error, String kind, String message, Integer row, String field, String accepted,
			String acceptedEncodings, String requestId) {

	}

}
