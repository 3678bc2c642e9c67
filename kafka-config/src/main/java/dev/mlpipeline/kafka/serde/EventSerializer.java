package dev.mlpipeline.kafka.serde;

import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes event records as plain JSON. Raw {@code byte[]} values pass through untouched:
 * that is how a record that could not be deserialized reaches its dead-letter topic byte
 * for byte.
 */
public class EventSerializer implements Serializer<Object> {

	private final JsonMapper mapper;

	public EventSerializer() {
		this(EventJson.mapper());
	}

	public EventSerializer(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data == null) {
			return null;
		}
		if (data instanceof byte[] raw) {
			return raw;
		}
		return this.mapper.writeValueAsBytes(data);
	}

}
