package dev.mlpipeline.serving.predictionlog;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.event.FeedbackReceived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FeedbackOutcomesTests {

	private static final List<String> IRIS = List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica");

	@Test
	void labelsOfTheModelsClassesAndValuesOfANumericClassPass() {
		assertThatNoException()
			.isThrownBy(() -> FeedbackOutcomes.check(feedback(false, new FeedbackReceived.Row(0, "Iris-setosa", null),
					new FeedbackReceived.Row(3, "Iris-virginica", null)), IRIS, false));
		assertThatNoException().isThrownBy(
				() -> FeedbackOutcomes.check(feedback(true, new FeedbackReceived.Row(0, null, 2.5)), List.of(), true));
	}

	@Test
	void aLabelTheModelCannotAnswerIsRefusedNamingTheRowAndTheClasses() {
		InvalidFeedbackException refused = catchThrowableOfType(InvalidFeedbackException.class,
				() -> FeedbackOutcomes.check(feedback(false, new FeedbackReceived.Row(0, "Iris-setosa", null),
						new FeedbackReceived.Row(1, "iris-setosa", null)), IRIS, false));
		assertThat(refused.kind()).isEqualTo("unknown_label");
		assertThat(refused.row()).isEqualTo(1);
		assertThat(refused.field()).isEqualTo("rows[1].label");
		assertThat(refused.getMessage()).isEqualTo("rows[1].label 'iris-setosa' is not a class of iris "
				+ "(its classes: Iris-setosa, Iris-versicolor, Iris-virginica)");
	}

	@Test
	void aValueForANominalClassAndALabelForANumericOneAreTheWrongType() {
		InvalidFeedbackException value = catchThrowableOfType(InvalidFeedbackException.class,
				() -> FeedbackOutcomes.check(feedback(true, new FeedbackReceived.Row(0, null, 1.0)), IRIS, true));
		assertThat(value.kind()).isEqualTo("wrong_type");
		assertThat(value.field()).isEqualTo("value");
		assertThat(value.row()).isNull();
		InvalidFeedbackException label = catchThrowableOfType(InvalidFeedbackException.class, () -> FeedbackOutcomes
			.check(feedback(false, new FeedbackReceived.Row(0, "high", null)), List.of(), false));
		assertThat(label.kind()).isEqualTo("wrong_type");
		assertThat(label.field()).isEqualTo("rows[0].label");
	}

	private static FeedbackReader.Feedback feedback(boolean single, FeedbackReceived.Row... rows) {
		return new FeedbackReader.Feedback("iris", "request-1", List.of(rows), single);
	}

}
