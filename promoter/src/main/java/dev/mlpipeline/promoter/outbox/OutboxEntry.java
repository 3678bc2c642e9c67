package dev.mlpipeline.promoter.outbox;

import java.time.Instant;
import java.util.Comparator;

import tools.jackson.databind.JsonNode;

/**
 * One event waiting in the outbox, as its version tag holds it: the envelope names the
 * decision it belongs to, so the relay publishes it only once that decision is recorded.
 *
 * @param eventId the event's id, also the tag's suffix
 * @param topic the catalogue topic it goes to
 * @param key the record key, the model name
 * @param version the model version whose tags hold the entry
 * @param decisionId the decision that owes the event
 * @param enqueuedAt when the entry was written, for the per-model order
 * @param order position among the events of one decision
 * @param payload the event as JSON
 */
public record OutboxEntry(String eventId, String topic, String key, String version, String decisionId,
		Instant enqueuedAt, int order, JsonNode payload) {

	/** Oldest first, a decision's events in their order, ties broken by id. */
	public static final Comparator<OutboxEntry> OLDEST_FIRST = Comparator.comparing(OutboxEntry::enqueuedAt)
		.thenComparingInt(OutboxEntry::order)
		.thenComparing(OutboxEntry::eventId);

	/**
	 * The model the event is about.
	 * @return the model name
	 */
	public String model() {
		return this.key;
	}

}
