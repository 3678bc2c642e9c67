package dev.mlpipeline.kafka.event;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The ground truth for rows a prediction request carried, sent by a client of serving
 * ({@code POST /feedback}) or any other producer, to be joined with
 * {@link PredictionLogged} by request id.
 *
 * @param eventId unique id of this event
 * @param modelName registered model name (also the record key)
 * @param requestId the id of the prediction request the rows belong to
 * @param rows the true outcome of each row given, by the row's index in the request
 * @param receivedAt when the feedback was received
 * @param actor the signed-in user who sent it, {@code null} when anonymous
 */
public record FeedbackReceived(String eventId, String modelName, String requestId, List<Row> rows, Instant receivedAt,
		@Nullable String actor) {

	/**
	 * The true outcome of one row.
	 *
	 * @param index the row's position in the prediction request, from 0
	 * @param label the true class of a nominal class, {@code null} for a numeric class
	 * @param value the true value of a numeric class, {@code null} for a nominal class
	 */
	public record Row(int index, @Nullable String label, @Nullable Double value) {
	}

}
