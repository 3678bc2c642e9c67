package dev.mlpipeline.kafka;

/**
 * Recognises failures that go away by themselves (a dependency down for a while); a
 * record failing with one is retried with capped back-off for as long as it takes,
 * instead of being dead-lettered after the bounded retries. Apps declare one bean per
 * kind of dependency.
 */
@FunctionalInterface
public interface TransientFailure {

	/**
	 * Whether the failure is transient.
	 * @param failure the listener's exception, unwrapped from Spring's wrappers
	 * @return {@code true} to retry until it succeeds
	 */
	boolean test(Throwable failure);

}
