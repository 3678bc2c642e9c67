package dev.mlpipeline.kafka.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Serving answered (or refused) one prediction request: the live evidence a promotion can
 * rest on, joined with {@link FeedbackReceived} by request id.
 *
 * @param eventId unique id of this event
 * @param modelName registered model name (also the record key)
 * @param version the version that answered, {@code null} when no model was loaded
 * @param role the role of that version: {@value #CHAMPION} or {@value #CHALLENGER}
 * @param requestId the request's id, as answered in its {@code X-Request-Id} header
 * @param routingKey the key the request was routed by: its {@code X-Routing-Key} header,
 * else its request id
 * @param rows the input rows as the request gave them, feature name to value (a number, a
 * string, a boolean or {@code null}); empty when the request was refused before its rows
 * were read
 * @param outputs one output per row, in row order; empty for a refused request
 * @param latencyMs time from the request's arrival to its answer, in milliseconds
 * @param errorKind the kind of error answered (as serving's error body and its
 * {@code serving.errors} metric name it), {@code null} when the request was answered
 * @param shadow what a challenger in shadow predicted for the same rows, {@code null}
 * without one
 * @param loggedAt when serving logged the request
 */
public record PredictionLogged(String eventId, String modelName, @Nullable String version, String role,
		String requestId, String routingKey, List<Map<String, Object>> rows, List<Output> outputs, double latencyMs,
		@Nullable String errorKind, @Nullable Shadow shadow, Instant loggedAt) {

	/** The role of the production version. */
	public static final String CHAMPION = "champion";

	/** The role of a version tried beside the champion. */
	public static final String CHALLENGER = "challenger";

	/**
	 * One row's prediction.
	 *
	 * @param label the predicted class of a nominal class, {@code null} for a numeric
	 * class (or when no class has any probability)
	 * @param probabilities the probability of each class label, {@code null} for a
	 * numeric class
	 * @param value the predicted value of a numeric class, {@code null} for a nominal
	 * class (or when the model predicts none)
	 */
	public record Output(@Nullable String label, @Nullable Map<String, Double> probabilities, @Nullable Double value) {
	}

	/**
	 * A challenger's predictions for the rows the champion answered.
	 *
	 * @param version the challenger's version
	 * @param outputs its output per row, in row order
	 */
	public record Shadow(String version, List<Output> outputs) {
	}

}
