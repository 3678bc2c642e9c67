package dev.mlpipeline.promoter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Work a promoter does on a timer, on one daemon thread of its own: started with the
 * context, first run one interval after the start, then an interval after each run ends
 * (runs never overlap), stopped before the context closes.
 */
public abstract class PeriodicWork implements SmartLifecycle {

	private final String threadName;

	private final Duration interval;

	private volatile ScheduledExecutorService executor;

	/**
	 * Work on a timer.
	 * @param threadName the name of its thread
	 * @param interval the pause between two runs
	 * @throws IllegalArgumentException for an interval that is not positive
	 */
	protected PeriodicWork(String threadName, Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException(threadName + ": the interval must be positive, not " + interval);
		}
		this.threadName = threadName;
		this.interval = interval;
	}

	/** One run; a failure should be caught and logged, or it ends the runs. */
	protected abstract void runOnce();

	/**
	 * The pause between two runs.
	 * @return the interval
	 */
	protected Duration interval() {
		return this.interval;
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		started.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		this.executor = null;
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
