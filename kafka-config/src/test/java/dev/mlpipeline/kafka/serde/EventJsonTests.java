package dev.mlpipeline.kafka.serde;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.TrainingRequested;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventJsonTests {

	private final EventSerializer serializer = new EventSerializer();

	private final EventDeserializer deserializer = new EventDeserializer();

	@Test
	void writesPlainJsonWithoutJavaClassNamesAndWithIsoInstants() {
		ModelPromoted event = new ModelPromoted("e1", "iris", "2", "1", "run",
				"mlflow-artifacts:/1/run/artifacts/model", "abc", PromotionCause.MANUAL,
				java.time.Instant.parse("2026-11-26T10:15:30Z"), null);
		String json = new String(this.serializer.serialize(Topics.MODEL_PROMOTED, event), StandardCharsets.UTF_8);
		assertThat(json).doesNotContain("dev.mlpipeline")
			.doesNotContain("@class")
			.contains("\"promotedAt\":\"2026-11-26T10:15:30Z\"")
			.contains("\"cause\":\"MANUAL\"");
	}

	@Test
	void writesAPredictionLogWithItsRowsAsGivenTheRoleAsAWordAndNoShadowAsNull() {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("sepallength", 5.1);
		row.put("colour", "blue");
		PredictionLogged logged = new PredictionLogged("e2", "iris", "3", PredictionLogged.CHAMPION, "r-1", "r-1",
				List.of(row), List.of(new PredictionLogged.Output(null, null, 4.5)), 0.5, null, null,
				java.time.Instant.parse("2026-11-26T10:15:30Z"));
		String json = new String(this.serializer.serialize(Topics.PREDICTIONS, logged), StandardCharsets.UTF_8);
		assertThat(json).contains("\"role\":\"champion\"")
			.contains("\"rows\":[{\"sepallength\":5.1,\"colour\":\"blue\"}]")
			.contains("\"outputs\":[{\"label\":null,\"probabilities\":null,\"value\":4.5}]")
			.contains("\"shadow\":null")
			.doesNotContain("dev.mlpipeline");
		assertThat(this.deserializer.deserialize(Topics.PREDICTIONS, json.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(logged);
	}

	@Test
	void readsFeedbackFromAnyProducerWithTheRowsItNames() {
		String json = """
				{"modelName":"iris","requestId":"r-1","rows":[{"index":0,"label":"Iris-setosa"},{"index":3,"value":2.5}],
				 "receivedAt":"2026-11-26T10:15:30Z"}""";
		Object event = this.deserializer.deserialize(Topics.FEEDBACK, json.getBytes(StandardCharsets.UTF_8));
		assertThat(event).isInstanceOfSatisfying(FeedbackReceived.class, (feedback) -> {
			assertThat(feedback.requestId()).isEqualTo("r-1");
			assertThat(feedback.rows()).containsExactly(new FeedbackReceived.Row(0, "Iris-setosa", null),
					new FeedbackReceived.Row(3, null, 2.5));
			assertThat(feedback.actor()).isNull();
		});
	}

	@Test
	void readsTheRecordTypeFromTheTopicAndIgnoresFieldsItDoesNotKnow() {
		String json = """
				{"jobId":"j1","modelName":"iris","dataset":{"uri":"builtin:iris","classAttribute":"class",
				 "format":"arff"},"algorithm":"J48","options":"","evaluation":{"folds":5,"seed":7},
				 "requestedAt":"2026-11-26T10:15:30Z","priority":"high"}""";
		Object event = this.deserializer.deserialize(Topics.TRAINING_JOBS, json.getBytes(StandardCharsets.UTF_8));
		assertThat(event).isInstanceOfSatisfying(TrainingRequested.class, (job) -> {
			assertThat(job.jobId()).isEqualTo("j1");
			assertThat(job.dataset().uri()).isEqualTo("builtin:iris");
			assertThat(job.evaluation().folds()).isEqualTo(5);
		});
	}

	@Test
	void readsDeadLetterTopicsWithTheSourceTopicsType() {
		byte[] json = "{\"modelName\":\"iris\",\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(this.deserializer.deserialize(Topics.MODEL_PROMOTED + ".DLT", json))
			.isInstanceOf(ModelPromoted.class);
	}

	@Test
	void rejectsMalformedJsonWithTheTopicAndTypeInTheMessage() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize(Topics.MODEL_REGISTERED,
					"{not json".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining(Topics.MODEL_REGISTERED)
			.withMessageContaining("ModelRegistered");
	}

	@Test
	void rejectsJsonNull() {
		assertThatExceptionOfType(SerializationException.class).isThrownBy(
				() -> this.deserializer.deserialize(Topics.MODEL_REGISTERED, "null".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void rejectsTopicsOutsideTheCatalogue() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("orders", "{}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("orders");
	}

	@Test
	void passesRawBytesThroughSoDeadLettersKeepTheOriginalPayload() {
		byte[] raw = { 1, 2, 3 };
		assertThat(this.serializer.serialize(Topics.TRAINING_JOBS + ".DLT", raw)).isSameAs(raw);
	}

}
