package dev.mlpipeline.serving.prediction;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The CPU time shadow work may take: a bucket credited with {@code cores} seconds of CPU
 * per second of wall time, up to a burst, and debited with the CPU time each shadow
 * scoring really took. While it is empty a shadow is not started at all, so a shadow
 * heavier than its budget scores a share of the requests instead of taking the champion's
 * cores. A debit may take it below zero: one costly scoring is paid back before the next
 * starts, so the average never exceeds the budget.
 */
final class ShadowBudget {

	private final double cores;

	private final long burstNanos;

	private final LongSupplier wallNanos;

	private long balanceNanos;

	private long creditedAt;

	/**
	 * A budget, full at first.
	 * @param cores the CPU shadow work may take on average, in cores (0.1 is a tenth of
	 * one core's time)
	 * @param burst the wall time whose credit the bucket holds at most
	 * @param wallNanos the wall clock, {@link System#nanoTime()} in production
	 */
	ShadowBudget(double cores, Duration burst, LongSupplier wallNanos) {
		if (!(cores > 0)) {
			throw new IllegalArgumentException("A shadow's CPU budget must be above zero cores, not " + cores);
		}
		this.cores = cores;
		this.burstNanos = Math.max(1, Math.round(burst.toNanos() * cores));
		this.wallNanos = wallNanos;
		this.balanceNanos = this.burstNanos;
		this.creditedAt = wallNanos.getAsLong();
	}

	/**
	 * Whether one more shadow scoring may start now.
	 * @return true while the budget has credit left
	 */
	synchronized boolean admits() {
		credit();
		return this.balanceNanos > 0;
	}

	/**
	 * Debits what a shadow scoring took.
	 * @param cpuNanos the CPU time it took, in nanoseconds
	 */
	synchronized void spend(long cpuNanos) {
		credit();
		this.balanceNanos -= Math.max(0, cpuNanos);
	}

	private void credit() {
		long now = this.wallNanos.getAsLong();
		long elapsed = now - this.creditedAt;
		if (elapsed > 0) {
			this.creditedAt = now;
			double credit = elapsed * this.cores;
			this.balanceNanos = (long) Math.min(this.burstNanos, this.balanceNanos + credit);
		}
	}

}
