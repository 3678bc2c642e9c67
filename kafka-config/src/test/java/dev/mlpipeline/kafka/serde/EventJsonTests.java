package dev.mlpipeline.kafka.serde;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
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
