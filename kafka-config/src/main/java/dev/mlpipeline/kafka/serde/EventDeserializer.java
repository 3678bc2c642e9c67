package dev.mlpipeline.kafka.serde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an event record from JSON, choosing the record type from the topic catalogue
 * instead of a type header, so producers in any language can publish. Wrap it in an
 * {@code ErrorHandlingDeserializer} so a malformed record never stops a consumer.
 */
public class EventDeserializer implements Deserializer<Object> {

	private final JsonMapper mapper;

	public EventDeserializer() {
		this(EventJson.mapper());
	}

	public EventDeserializer(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public Object deserialize(String topic, byte[] data) {
		if (data == null) {
			return null;
		}
		TopicSpec<?> spec = Topics.find(topic)
			.orElseThrow(() -> new SerializationException("Topic '" + topic + "' is not in the pipeline's catalogue"));
		try {
			Object event = this.mapper.readValue(data, spec.payloadType());
			if (event == null) {
				throw new SerializationException(
						"Record on '" + topic + "' is JSON null, not a " + spec.payloadType().getSimpleName());
			}
			return event;
		}
		catch (JacksonException ex) {
			throw new SerializationException("Record on '" + topic + "' is not a valid "
					+ spec.payloadType().getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
