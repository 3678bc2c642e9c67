package dev.mlpipeline.tracing;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The Kafka cluster id an observed send names as its remote service, answered at once:
 * what is known, or {@code null} while the broker has not told it yet, in which case one
 * look-up at a time is started in the background. Spring Kafka's template otherwise asks
 * the broker on the sending thread before every send until it has an answer, which with
 * the broker out of reach blocks each send for the admin's operation timeout (30 s).
 */
public final class ClusterIdSource {

	private final Supplier<String> lookup;

	private final Executor background;

	private final AtomicBoolean looking = new AtomicBoolean();

	private volatile String known;

	/**
	 * Creates a source.
	 * @param lookup asks the broker, blocking; {@code null} when it could not
	 * @param background where the look-up runs
	 */
	public ClusterIdSource(Supplier<String> lookup, Executor background) {
		this.lookup = lookup;
		this.background = background;
	}

	/**
	 * The cluster id as far as it is known, never waiting for the broker.
	 * @return the id, or {@code null} while unknown
	 */
	public String current() {
		String id = this.known;
		if (id == null && this.looking.compareAndSet(false, true)) {
			try {
				this.background.execute(this::lookUp);
			}
			catch (RuntimeException ex) {
				this.looking.set(false);
			}
		}
		return id;
	}

	private void lookUp() {
		try {
			String id = this.lookup.get();
			if (id != null && !id.isEmpty()) {
				this.known = id;
			}
		}
		catch (RuntimeException ex) {
			// unknown for now: the next send starts another look-up
		}
		finally {
			this.looking.set(false);
		}
	}

}
