package dev.mlpipeline.serving.predictionlog;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a repeated warning through at most once per interval, so a broker that is down for
 * an hour is one line a minute in the application log, not one per request.
 */
final class Throttle {

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final AtomicLong next;

	Throttle(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.next = new AtomicLong(nanoTime.getAsLong());
	}

	/**
	 * Whether the warning may be written now; the first caller of each interval wins.
	 * @return true at most once per interval
	 */
	boolean due() {
		long now = this.nanoTime.getAsLong();
		long due = this.next.get();
		return now - due >= 0 && this.next.compareAndSet(due, now + this.intervalNanos);
	}

}
