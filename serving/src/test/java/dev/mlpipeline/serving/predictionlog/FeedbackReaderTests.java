package dev.mlpipeline.serving.predictionlog;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.event.FeedbackReceived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FeedbackReaderTests {

	private final FeedbackReader reader = new FeedbackReader(JsonMapper.builder().build(), 5);

	@Test
	void readsRowsByIndexForTheServedModelUnlessOneIsNamed() {
		FeedbackReader.Feedback feedback = read(
				"{\"requestId\": \"r-1\", \"rows\": [{\"index\": 2, \"label\": \"a\"}, {\"index\": 0, \"value\": 1.5}]}");
		assertThat(feedback.modelName()).isEqualTo("served");
		assertThat(feedback.requestId()).isEqualTo("r-1");
		assertThat(feedback.rows()).containsExactly(new FeedbackReceived.Row(2, "a", null),
				new FeedbackReceived.Row(0, null, 1.5));
		assertThat(
				read("{\"requestId\": \"r-1\", \"modelName\": \"other\", \"rows\": [{\"index\": 0, \"label\": \"a\"}]}")
					.modelName())
			.isEqualTo("other");
	}

	@Test
	void readsOneLabelOrValueAsTheFirstRowOfAOneRowRequest() {
		assertThat(read("{\"requestId\": \"r-1\", \"label\": \"Iris-setosa\"}").rows())
			.containsExactly(new FeedbackReceived.Row(0, "Iris-setosa", null));
		assertThat(read("{\"requestId\": \"r-1\", \"value\": 3}").rows())
			.containsExactly(new FeedbackReceived.Row(0, null, 3.0));
	}

	@Test
	void refusesEveryOtherShapeNamingTheField() {
		assertRefused("", "malformed_json", null);
		assertRefused("[1]", "malformed_json", null);
		assertRefused("{\"rows\": [{\"index\": 0, \"label\": \"a\"}]}", "missing_field", "requestId");
		assertRefused("{\"requestId\": \"has space\", \"label\": \"a\"}", "invalid_request_id", "requestId");
		assertRefused("{\"requestId\": 7, \"label\": \"a\"}", "invalid_request_id", "requestId");
		assertRefused("{\"requestId\": \"r\"}", "missing_field", "rows");
		assertRefused("{\"requestId\": \"r\", \"label\": \"a\", \"extra\": 1}", "unknown_field", "extra");
		assertRefused("{\"requestId\": \"r\", \"label\": \"a\", \"rows\": []}", "invalid_shape", "rows");
		assertRefused("{\"requestId\": \"r\", \"label\": \"a\", \"value\": 1}", "invalid_shape", "value");
		assertRefused("{\"requestId\": \"r\", \"label\": 1}", "wrong_type", "label");
		assertRefused("{\"requestId\": \"r\", \"value\": \"1\"}", "wrong_type", "value");
		assertRefused("{\"requestId\": \"r\", \"modelName\": \" \", \"value\": 1}", "invalid_value", "modelName");
		assertRefused("{\"requestId\": \"r\", \"rows\": []}", "invalid_shape", "rows");
		assertRefused("{\"requestId\": \"r\", \"rows\": {}}", "invalid_shape", "rows");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"label\": \"a\"}, 3]}", "invalid_shape",
				"rows[1]");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"label\": \"a\"}]}", "invalid_index", "rows[0].index");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"index\": -1, \"label\": \"a\"}]}", "invalid_index",
				"rows[0].index");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"index\": 1.5, \"label\": \"a\"}]}", "invalid_index",
				"rows[0].index");
		assertRefused(
				"{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"label\": \"a\"}, {\"index\": 0, \"label\": \"b\"}]}",
				"duplicate_index", "rows[1].index");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"index\": 0}]}", "invalid_shape", "rows[0].label");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"label\": \"a\", \"weight\": 2}]}",
				"unknown_field", "rows[0].weight");
		assertRefused("{\"requestId\": \"r\", \"rows\": [{\"index\": 0, \"value\": 1}, {\"index\": 1, \"value\": 1},"
				+ " {\"index\": 2, \"value\": 1}, {\"index\": 3, \"value\": 1}, {\"index\": 4, \"value\": 1},"
				+ " {\"index\": 5, \"value\": 1}]}", "too_many_rows", "rows");
	}

	private FeedbackReader.Feedback read(String body) {
		return this.reader.read(body.getBytes(StandardCharsets.UTF_8), "served");
	}

	private void assertRefused(String body, String kind, String field) {
		InvalidFeedbackException refusal = catchThrowableOfType(InvalidFeedbackException.class, () -> read(body));
		assertThat(refusal).as(body).isNotNull();
		assertThat(refusal.kind()).as(body).isEqualTo(kind);
		assertThat(refusal.field()).as(body).isEqualTo(field);
	}

}
