package dev.mlpipeline.kafka;

import java.util.Objects;

/**
 * The one rule every consumer applies to a record's key: events are keyed by the model
 * they are about, which is what keeps one model's events in order on one partition. A
 * record keyed otherwise could overtake an earlier event of its model, so it is refused.
 */
public final class EventKeys {

	private EventKeys() {
	}

	/**
	 * Refuses a record whose key is not the model name its event names.
	 * @param topic the topic the record came from, for the message
	 * @param key the record key
	 * @param modelName the model name inside the event
	 * @throws RejectedEventException when the two differ (the record is dead-lettered)
	 */
	public static void requireModelKey(String topic, String key, String modelName) {
		if (!Objects.equals(key, modelName)) {
			throw new RejectedEventException("Record on '" + topic + "' is keyed " + quote(key)
					+ " but its event is about model " + quote(modelName)
					+ ": events must be keyed by model name so one model's events stay in order");
		}
	}

	private static String quote(String value) {
		return (value != null) ? "'" + value + "'" : "null";
	}

}
