package dev.mlpipeline.promoter.outbox;

import java.time.Instant;
import java.util.Optional;

import dev.mlpipeline.kafka.serde.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outbox's tag format, kept in one place: tag key {@code promotion.outbox.<eventId>},
 * value a JSON envelope with the topic, key, owning decision and the event payload in the
 * pipeline's event JSON.
 */
final class OutboxEnvelope {

	/** Prefix of the outbox tags on a model version. */
	static final String PREFIX = "promotion.outbox.";

	/** MLflow's limit on a model version tag value. */
	static final int MAX_TAG_VALUE = 5000;

	private static final JsonMapper JSON = EventJson.mapper();

	private OutboxEnvelope() {
	}

	static String tagKey(String eventId) {
		return PREFIX + eventId;
	}

	static OutboxEntry entry(OutboxEvent event, String version, String decisionId, Instant enqueuedAt, int order) {
		return new OutboxEntry(event.eventId(), event.topic(), event.key(), version, decisionId, enqueuedAt, order,
				JSON.valueToTree(event.payload()));
	}

	static String encode(OutboxEntry entry) {
		ObjectNode node = JSON.createObjectNode();
		node.put("eventId", entry.eventId());
		node.put("topic", entry.topic());
		node.put("key", entry.key());
		node.put("version", entry.version());
		node.put("decisionId", entry.decisionId());
		node.put("enqueuedAt", entry.enqueuedAt().toString());
		node.put("order", entry.order());
		node.set("payload", entry.payload());
		String encoded = JSON.writeValueAsString(node);
		if (encoded.length() > MAX_TAG_VALUE) {
			throw new IllegalArgumentException("Outbox entry for event " + entry.eventId() + " is " + encoded.length()
					+ " characters, more than a tag holds (" + MAX_TAG_VALUE + ")");
		}
		return encoded;
	}

	static Optional<OutboxEntry> decode(String value) {
		try {
			JsonNode node = JSON.readTree(value);
			String eventId = text(node, "eventId");
			String topic = text(node, "topic");
			String key = text(node, "key");
			String version = text(node, "version");
			String decisionId = text(node, "decisionId");
			String enqueuedAt = text(node, "enqueuedAt");
			JsonNode payload = node.get("payload");
			if (eventId == null || topic == null || key == null || version == null || decisionId == null
					|| enqueuedAt == null || payload == null || !payload.isObject()) {
				return Optional.empty();
			}
			return Optional.of(new OutboxEntry(eventId, topic, key, version, decisionId, Instant.parse(enqueuedAt),
					node.path("order").asInt(0), payload));
		}
		catch (JacksonException | java.time.format.DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	static <T> T payload(OutboxEntry entry, Class<T> type) {
		return JSON.treeToValue(entry.payload(), type);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
