package dev.mlpipeline.kafka.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.serde.EventJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonSchemasTests {

	private static final JsonMapper JSON = EventJson.mapper();

	@Test
	void describesEveryKindOfComponentAsEventJsonWritesIt() {
		Everything sample = new Everything("a", 1, 2L, 3.5, true, 4, 5L, 6.5, false,
				Instant.parse("2026-11-26T10:15:30.123Z"), Duration.ofSeconds(90), PromotionCause.LIVE,
				List.of("x", "y"), Set.of(7), Map.of("k", 0.5), Map.of(3, 9L), Map.of("any", "thing"),
				new Nested("n", null), null, Optional.of("present"), Optional.empty());
		ObjectNode schema = JsonSchemas.of(Everything.class, null);
		JsonNode written = JSON.valueToTree(sample);
		assertThat(SchemaValidation.errors(schema, written)).isEmpty();
		assertThat(written.get("instant").isString()).as("EventJson writes instants as ISO-8601 text").isTrue();
		assertThat(written.get("duration").asString()).isEqualTo("PT1M30S");
		assertThat(schema.at("/properties/instant/format").asString()).isEqualTo("date-time");
		assertThat(schema.at("/properties/duration/format").asString()).isEqualTo("duration");
		assertThat(schema.at("/properties/cause/$ref").asString()).isEqualTo("#/$defs/PromotionCause");
		assertThat(schema.at("/$defs/PromotionCause/enum").toString())
			.isEqualTo("[\"POLICY\",\"MANUAL\",\"ROLLBACK\",\"LIVE\"]");
		assertThat(schema.at("/properties/integers/uniqueItems").asBoolean()).isTrue();
		assertThat(schema.at("/properties/buckets/propertyNames/pattern").asString()).isEqualTo("^-?[0-9]+$");
		assertThat(schema.at("/properties/maybe/anyOf/0/$ref").asString()).isEqualTo("#/$defs/Nested");
		assertThat(schema.at("/properties/optional/type").toString()).isEqualTo("[\"string\",\"null\"]");
		assertThat(schema.at("/$defs/Nested/required").toString()).isEqualTo("[\"name\"]");
		assertThat(schema.get("required").toString()).doesNotContain("maybe", "optional", "absent")
			.contains("\"text\"", "\"primitiveInt\"", "\"nested\"");
		assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
	}

	@Test
	void aWrongTypeOrAMissingRequiredFieldIsInvalid() {
		ObjectNode schema = JsonSchemas.of(Nested.class, null);
		assertThat(SchemaValidation.errors(schema, JSON.readTree("{\"name\":\"n\",\"note\":null}"))).isEmpty();
		assertThat(SchemaValidation.errors(schema, JSON.readTree("{\"note\":\"x\"}"))).singleElement()
			.asString()
			.contains("name");
		assertThat(SchemaValidation.errors(schema, JSON.readTree("{\"name\":3}"))).singleElement()
			.asString()
			.contains("name");
		ObjectNode timed = JsonSchemas.of(Timed.class, null);
		assertThat(SchemaValidation.errors(timed, JSON.readTree("{\"at\":1764152130}"))).isNotEmpty();
		assertThat(SchemaValidation.errors(timed, JSON.readTree("{\"at\":\"yesterday\"}"))).isNotEmpty();
	}

	@Test
	void refusesATypeItCannotDescribe() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonSchemas.of(Unsupported.class, null))
			.withMessageContaining("java.util.UUID");
	}

	/**
	 * Why {@code required} speaks of producers: EventJson reads a payload missing every
	 * field, so no reader enforces it.
	 */
	@Test
	void eventJsonReadsAnEventMissingEveryField() {
		for (TopicSpec<?> spec : Topics.all()) {
			assertThat(JSON.readValue("{}", spec.payloadType())).as(spec.name()).isNotNull();
		}
	}

	record Everything(String text, int primitiveInt, long primitiveLong, double primitiveDouble,
			boolean primitiveBoolean, Integer boxedInt, Long boxedLong, Double boxedDouble, Boolean boxedBoolean,
			Instant instant, Duration duration, PromotionCause cause, List<String> texts, Set<Integer> integers,
			Map<String, Double> values, Map<Integer, Long> buckets, Map<String, Object> anything, Nested nested,
			@Nullable Nested maybe, Optional<String> optional, Optional<String> absent) {
	}

	record Nested(String name, @Nullable String note) {
	}

	record Timed(Instant at) {
	}

	record Unsupported(java.util.UUID id) {
	}

}
