package dev.mlpipeline.kafka.serde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an event record from JSON, choosing the record type from the topic catalogue
 * instead of a type header, so producers in any language can publish. Wrap it in an
 * {@code ErrorHandlingDeserializer} so a malformed record never stops a consumer.
 *
 * <p>
 * A record it reads keeps its exact bytes in the {@link #ORIGINAL_VALUE_HEADER} header,
 * so a record refused after parsing is dead-lettered as it arrived, unknown fields and
 * all, not re-serialized. Its failures carry their cause in the message and chain no
 * exception: {@code ErrorHandlingDeserializer} Java-serializes the failure into a header,
 * which the process-wide deserialization filter must be able to read back.
 */
public class EventDeserializer implements Deserializer<Object> {

	/** The header holding a read record's original value bytes. */
	public static final String ORIGINAL_VALUE_HEADER = "pipeline_original-value";

	private final JsonMapper mapper;

	public EventDeserializer() {
		this(EventJson.mapper());
	}

	public EventDeserializer(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public Object deserialize(String topic, Headers headers, byte[] data) {
		Object event = deserialize(topic, data);
		if (event != null && headers != null) {
			headers.remove(ORIGINAL_VALUE_HEADER);
			headers.add(ORIGINAL_VALUE_HEADER, data);
		}
		return event;
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
					+ spec.payloadType().getSimpleName() + ": " + ex.getOriginalMessage() + location(ex));
		}
	}

	private static String location(JacksonException ex) {
		return (ex.getLocation() != null && ex.getLocation().getLineNr() > 0)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

}
