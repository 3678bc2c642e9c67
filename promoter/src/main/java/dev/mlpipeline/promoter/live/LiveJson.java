package dev.mlpipeline.promoter.live;

import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.serde.EventSerializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON serdes of the live stats topology, all in the events' dialect
 * ({@link EventJson}), for what the topology writes itself (its input topics are read by
 * {@link VerifiedRead}).
 *
 * <p>
 * Keys are written field by field in a fixed order, never by reflection, so the same key
 * is always the same bytes: a window store finds a key by its bytes, and a compacted
 * topic keeps one record per key only if a key never changes its spelling.
 */
final class LiveJson {

	private static final JsonMapper MAPPER = EventJson.mapper();

	private LiveJson() {
	}

	/** A serde for what the topology writes itself: a record it cannot read is a bug. */
	static <T> Serde<T> strict(Class<T> type) {
		return Serdes.serdeFrom(writer(), (topic, data) -> {
			if (data == null) {
				return null;
			}
			try {
				return MAPPER.readValue(data, type);
			}
			catch (JacksonException ex) {
				throw new SerializationException(
						"Record on '" + topic + "' is not a valid " + type.getSimpleName() + ": " + ex.getMessage());
			}
		});
	}

	/**
	 * The serde of a {@link LiveKey}: {@code {"model":..,"version":..,"role":..}}, in
	 * that order.
	 */
	static Serde<LiveKey> liveKey() {
		Serializer<LiveKey> writer = (topic, key) -> (key != null) ? MAPPER.writeValueAsBytes(node(key)) : null;
		Deserializer<LiveKey> reader = strict(LiveKey.class).deserializer();
		return Serdes.serdeFrom(writer, reader);
	}

	/**
	 * The key of a window on the {@value LiveStatsTopology#LIVE_STATS_TOPIC} topic:
	 * {@code {"model":..,"version":..,"role":..,"windowStart":..,"windowEnd":..}}, in
	 * that order, the bounds as ISO-8601 instants.
	 */
	static String windowKey(LiveKey key, Instant start, Instant end) {
		return MAPPER
			.writeValueAsString(node(key).put("windowStart", start.toString()).put("windowEnd", end.toString()));
	}

	/**
	 * The start every {@link #windowKey} of a model's windows shares.
	 * @param model the model
	 * @return the prefix
	 */
	static String modelPrefix(String model) {
		String json = MAPPER.writeValueAsString(MAPPER.createObjectNode().put("model", model));
		return json.substring(0, json.length() - 1) + ",\"version\":";
	}

	/**
	 * The start every {@link #windowKey} of one version's windows in one role shares.
	 * @param key the version and role
	 * @return the prefix
	 */
	static String keyPrefix(LiveKey key) {
		String json = MAPPER.writeValueAsString(node(key));
		return json.substring(0, json.length() - 1) + ",\"windowStart\":";
	}

	static JsonMapper mapper() {
		return MAPPER;
	}

	private static ObjectNode node(LiveKey key) {
		return MAPPER.createObjectNode()
			.put("model", key.model())
			.put("version", key.version())
			.put("role", key.role());
	}

	// the events' own writer: plain JSON in the events' dialect
	private static <T> Serializer<T> writer() {
		return new EventSerializer()::serialize;
	}

}
