package dev.mlpipeline.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.mlpipeline.kafka.contract.AsyncApi;
import dev.mlpipeline.kafka.contract.SchemaValidation;
import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.serde.EventSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample event, as the apps' serializer writes it, is valid against its topic's
 * generated JSON Schema.
 */
class EventSchemaTests {

	private static final JsonMapper JSON = EventJson.mapper();

	private final EventSerializer serializer = new EventSerializer();

	@Test
	void everySampleEventIsValidAgainstItsSchema() {
		Map<String, Object> samples = Events.byTopic("iris-classifier");
		assertThat(samples.keySet())
			.containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(TopicSpec::name).toList());
		for (TopicSpec<?> spec : Topics.all()) {
			JsonNode written = JSON.readTree(this.serializer.serialize(spec.name(), samples.get(spec.name())));
			assertThat(SchemaValidation.errors(AsyncApi.schema(spec), written)).as(spec.name()).isEmpty();
		}
	}

	@Test
	void aSampleMissingARequiredFieldOrWithAFieldRetypedIsInvalid() {
		TopicSpec<?> promoted = Topics.find(Topics.MODEL_PROMOTED).orElseThrow();
		ObjectNode written = (ObjectNode) JSON
			.readTree(this.serializer.serialize(Topics.MODEL_PROMOTED, Events.modelPromoted("iris-classifier")));
		ObjectNode missing = written.deepCopy();
		missing.remove("sha256");
		assertThat(SchemaValidation.errors(AsyncApi.schema(promoted), missing)).singleElement()
			.asString()
			.contains("sha256");
		ObjectNode retyped = written.deepCopy();
		retyped.put("cause", "WHIM");
		assertThat(SchemaValidation.errors(AsyncApi.schema(promoted), retyped)).singleElement()
			.asString()
			.contains("cause");
		ObjectNode nulled = written.deepCopy();
		nulled.putNull("previousVersion");
		assertThat(SchemaValidation.errors(AsyncApi.schema(promoted), nulled)).isEmpty();
	}

}
