package dev.mlpipeline.serving.predictionlog;

import java.util.List;

import dev.mlpipeline.kafka.event.FeedbackReceived;

/**
 * Checks feedback against the class of the model it is about, as serving knows it: a
 * nominal class takes labels the model can answer with, a numeric class takes values. A
 * misspelt label refused here is one that never counts as a wrong answer live.
 */
final class FeedbackOutcomes {

	private FeedbackOutcomes() {
	}

	/**
	 * Refuses outcomes the model's class cannot have.
	 * @param feedback the feedback as read
	 * @param classLabels the model's class labels, empty for a numeric class
	 * @param single whether the body gave one outcome for a one-row request (so the
	 * fields are named {@code label} and {@code value}, not {@code rows[i].label})
	 * @throws InvalidFeedbackException naming the first row at fault
	 */
	static void check(FeedbackReader.Feedback feedback, List<String> classLabels, boolean single) {
		List<FeedbackReceived.Row> rows = feedback.rows();
		for (int i = 0; i < rows.size(); i++) {
			FeedbackReceived.Row row = rows.get(i);
			String prefix = single ? "" : "rows[" + i + "].";
			Integer at = single ? null : i;
			if (classLabels.isEmpty() && row.label() != null) {
				throw new InvalidFeedbackException(
						"wrong_type", prefix + "label: " + feedback.modelName()
								+ " has a numeric class, give its true value as " + prefix + "value",
						at, prefix + "label");
			}
			if (!classLabels.isEmpty() && row.value() != null) {
				throw new InvalidFeedbackException(
						"wrong_type", prefix + "value: " + feedback.modelName()
								+ " has a nominal class, give its true label as " + prefix + "label",
						at, prefix + "value");
			}
			if (row.label() != null && !classLabels.contains(row.label())) {
				throw new InvalidFeedbackException(
						"unknown_label", prefix + "label '" + shorten(row.label()) + "' is not a class of "
								+ feedback.modelName() + " (its classes: " + String.join(", ", classLabels) + ")",
						at, prefix + "label");
			}
		}
	}

	private static String shorten(String label) {
		return (label.length() > 64) ? label.substring(0, 64) + "..." : label;
	}

}
