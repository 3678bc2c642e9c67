package dev.mlpipeline.promoter.outbox;

/**
 * The relay's question to whoever records decisions, before it publishes an entry: did
 * the registry change this event announces really happen? The answer keeps an event of an
 * interrupted, never-committed decision off Kafka.
 */
public interface OutboxGuard {

	/**
	 * Whether an entry may be published; may finish a production move that a crash
	 * interrupted after its decision was recorded.
	 * @param entry the pending entry
	 * @return {@code true} when the decision that owes the event is recorded (and, for a
	 * production change, production is where the decision put it)
	 */
	boolean confirm(OutboxEntry entry);

}
