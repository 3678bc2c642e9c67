package dev.mlpipeline.promoter.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;

/**
 * What one logged prediction, and the feedback that labels its rows, add to the live
 * stats of each version involved: the answering version's request, error and latency; a
 * shadow's agreement with the champion; and, once labels arrive, each version's right and
 * wrong rows (a shadow's paired with the champion's). Pure: the topology keeps the state.
 */
public final class LiveEvidence {

	private LiveEvidence() {
	}

	/**
	 * The stats one logged prediction adds.
	 * @param prediction the logged request
	 * @return its contributions: none when no version answered, one for the answering
	 * version, and one more for a shadow beside it
	 */
	public static List<Contribution> of(PredictionLogged prediction) {
		if (prediction.version() == null || prediction.modelName() == null) {
			return List.of();
		}
		List<Contribution> contributions = new ArrayList<>(2);
		contributions.add(new Contribution(answering(prediction),
				LiveStats.answered(prediction.errorKind() != null, prediction.latencyMs())));
		PredictionLogged.Shadow shadow = prediction.shadow();
		if (shadow != null && shadow.version() != null) {
			List<PredictionLogged.Output> mine = outputs(prediction);
			List<PredictionLogged.Output> theirs = (shadow.outputs() != null) ? shadow.outputs() : List.of();
			long compared = 0;
			long agreed = 0;
			for (int row = 0; row < Math.min(mine.size(), theirs.size()); row++) {
				String champion = label(mine.get(row));
				String challenger = label(theirs.get(row));
				if (champion != null && challenger != null) {
					compared++;
					agreed += champion.equals(challenger) ? 1 : 0;
				}
			}
			contributions.add(new Contribution(shadowOf(prediction), LiveStats.shadowed(compared, agreed)));
		}
		return contributions;
	}

	/**
	 * The stats the labels of a prediction's rows add, leaving out rows already counted
	 * (feedback sent twice counts once).
	 * @param prediction the logged request
	 * @param feedback feedback on its rows
	 * @param counted the indexes of its rows already labelled
	 * @return the contributions of the rows newly labelled, and those rows' indexes
	 */
	public static Labels labels(PredictionLogged prediction, FeedbackReceived feedback, Set<Integer> counted) {
		List<Contribution> contributions = new ArrayList<>();
		List<Integer> rows = new ArrayList<>();
		if (prediction.version() == null || prediction.errorKind() != null || feedback.rows() == null) {
			return new Labels(contributions, rows);
		}
		List<PredictionLogged.Output> mine = outputs(prediction);
		PredictionLogged.Shadow shadow = prediction.shadow();
		List<PredictionLogged.Output> theirs = (shadow != null && shadow.outputs() != null) ? shadow.outputs()
				: List.of();
		for (FeedbackReceived.Row row : feedback.rows()) {
			if (row == null || row.index() < 0 || row.index() >= mine.size() || counted.contains(row.index())
					|| rows.contains(row.index())) {
				continue;
			}
			rows.add(row.index());
			PredictionLogged.Output answer = mine.get(row.index());
			boolean right = right(answer, row);
			contributions.add(new Contribution(answering(prediction), LiveStats.labelled(right, error(answer, row))));
			if (shadow != null && shadow.version() != null && row.index() < theirs.size()) {
				PredictionLogged.Output shadowAnswer = theirs.get(row.index());
				contributions.add(new Contribution(shadowOf(prediction),
						LiveStats.pairedLabel(right(shadowAnswer, row), right, error(shadowAnswer, row))));
			}
		}
		return new Labels(contributions, rows);
	}

	private static LiveKey answering(PredictionLogged prediction) {
		String role = PredictionLogged.CHALLENGER.equals(prediction.role()) ? LiveKey.CHALLENGER : LiveKey.CHAMPION;
		return new LiveKey(prediction.modelName(), prediction.version(), role);
	}

	private static LiveKey shadowOf(PredictionLogged prediction) {
		return new LiveKey(prediction.modelName(), prediction.shadow().version(), LiveKey.SHADOW);
	}

	private static List<PredictionLogged.Output> outputs(PredictionLogged prediction) {
		return (prediction.outputs() != null) ? prediction.outputs() : List.of();
	}

	private static String label(PredictionLogged.Output output) {
		return (output != null) ? output.label() : null;
	}

	private static boolean right(PredictionLogged.Output output, FeedbackReceived.Row row) {
		// right or wrong is a nominal class's notion; a numeric one counts its error
		return output != null && row.label() != null && Objects.equals(row.label(), output.label());
	}

	private static double error(PredictionLogged.Output output, FeedbackReceived.Row row) {
		if (row.value() == null || output == null || output.value() == null) {
			return 0;
		}
		return Math.abs(row.value() - output.value());
	}

	/**
	 * Stats for one key.
	 *
	 * @param key whose stats
	 * @param stats what to add to them
	 */
	public record Contribution(LiveKey key, LiveStats stats) {

	}

	/**
	 * What newly arrived labels add.
	 *
	 * @param contributions the stats they add
	 * @param rows the indexes of the rows they labelled
	 */
	public record Labels(List<Contribution> contributions, List<Integer> rows) {

	}

}
