package dev.mlpipeline.promoter.outbox;

/**
 * An event a decision owes Kafka, before it is written to the outbox: what to send,
 * where, and the deterministic id that makes a re-publish recognisable as a duplicate.
 *
 * @param eventId the event's id, derived from the decision
 * @param topic a catalogue topic
 * @param key the record key, the model name
 * @param payload the event record
 */
public record OutboxEvent(String eventId, String topic, String key, Object payload) {
}
