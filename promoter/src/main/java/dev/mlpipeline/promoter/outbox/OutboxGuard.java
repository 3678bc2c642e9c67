package dev.mlpipeline.promoter.outbox;

/**
 * The relay's question to whoever records decisions, before it publishes an entry: did
 * the registry change this event announces really happen, all of it? The answer keeps an
 * event of an interrupted, never-committed decision off Kafka, and holds back the event
 * of a decision whose moves its model's owner has not finished yet.
 */
public interface OutboxGuard {

	/**
	 * What the relay may do with an entry; only reads the registry.
	 * @param entry the pending entry
	 * @return {@link Confirmation#PUBLISH} when the decision that owes the event is
	 * recorded and its moves are done, {@link Confirmation#WAIT} when it is recorded but
	 * a move is not done yet, {@link Confirmation#SKIP} when no recorded decision owes it
	 */
	Confirmation confirm(OutboxEntry entry);

	/** The guard's answer. */
	enum Confirmation {

		/** Publish the entry. */
		PUBLISH,

		/**
		 * Publish nothing more of the model for now; the entry's decision is not done.
		 */
		WAIT,

		/** Never publish the entry: it belongs to an interrupted decision. */
		SKIP

	}

}
