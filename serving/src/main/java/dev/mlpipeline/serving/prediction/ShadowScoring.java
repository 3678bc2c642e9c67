package dev.mlpipeline.serving.prediction;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import weka.core.Instance;

import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.predictionlog.LoggedRequest;

/**
 * Scores a shadow challenger on the rows of requests the champion answers, off the
 * requests' path: a bounded queue in front of a small pool, and a request whose shadow
 * work does not fit is never made to wait, its shadow is dropped and counted. A CPU
 * budget comes first: while the shadow has used up its share of CPU time, requests are
 * not shadowed at all (counted {@code over-budget}), so a shadow heavier than the
 * champion scores a share of the traffic instead of taking the champion's cores.
 */
class ShadowScoring implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ShadowScoring.class);

	private final ThreadPoolExecutor pool;

	private final ShadowBudget budget;

	private final LongSupplier cpuTime;

	private final RequestReader reader;

	private final MeterRegistry meters;

	private final Consumer<LoggedRequest> log;

	/**
	 * Shadow scoring on a pool, within a budget.
	 * @param pool the pool shadow work runs on
	 * @param budget the CPU time it may take
	 * @param cpuTime the CPU time the calling thread has used, in nanoseconds
	 * ({@link #threadCpuTime()} in production)
	 * @param reader reads the rows of a request body
	 * @param meters where outcomes and CPU time are counted
	 * @param log the prediction log, given every answer once
	 */
	ShadowScoring(ThreadPoolExecutor pool, ShadowBudget budget, LongSupplier cpuTime, RequestReader reader,
			MeterRegistry meters, Consumer<LoggedRequest> log) {
		this.pool = pool;
		this.budget = budget;
		this.cpuTime = cpuTime;
		this.reader = reader;
		this.meters = meters;
		this.log = log;
	}

	/**
	 * The CPU time of the calling thread, or, on a JVM that cannot measure it, the wall
	 * time (never less than the CPU time, so the budget still holds).
	 * @return a clock of the calling thread's CPU time in nanoseconds
	 */
	static LongSupplier threadCpuTime() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		if (!threads.isCurrentThreadCpuTimeSupported()) {
			logger.warn("This JVM cannot measure a thread's CPU time: the shadow budget counts wall time instead");
			return System::nanoTime;
		}
		if (!threads.isThreadCpuTimeEnabled()) {
			threads.setThreadCpuTimeEnabled(true);
		}
		return threads::getCurrentThreadCpuTime;
	}

	/**
	 * The pool shadow work runs on: fixed threads, a bounded queue, and a refusal (never
	 * a wait, never the caller's thread) when the queue is full.
	 * @param threads the threads
	 * @param queue the most work waiting
	 * @return the pool
	 */
	static ThreadPoolExecutor boundedPool(int threads, int queue) {
		AtomicInteger count = new AtomicInteger();
		return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
				(task) -> {
					Thread thread = new Thread(task, "shadow-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * Hands one request's body to the shadow; returns at once.
	 * @param challenger the shadow challenger
	 * @param body the request body as the champion read it
	 * @param predict whether it is a {@code /predict} body (else {@code /invocations})
	 * @param answered the champion's answer as the prediction log takes it: logged with
	 * the shadow's outputs beside it once the shadow has scored, or without them when the
	 * shadow is over its budget, dropped or fails, so every answer is logged once
	 */
	void submit(LoadedModel challenger, byte[] body, boolean predict, LoggedRequest answered) {
		if (!this.budget.admits()) {
			count(challenger, "over-budget");
			this.log.accept(answered);
			return;
		}
		try {
			this.pool.execute(() -> score(challenger, body, predict, answered));
		}
		catch (RejectedExecutionException ex) {
			count(challenger, "dropped");
			this.log.accept(answered);
		}
	}

	private void score(LoadedModel challenger, byte[] body, boolean predict, LoggedRequest answered) {
		long started = this.cpuTime.getAsLong();
		LoggedRequest logged = answered;
		try {
			List<double[]> distributions = distributions(challenger, body, predict);
			count(challenger, "scored");
			logged = answered.withShadow(challenger.version(), distributions);
		}
		catch (Exception ex) {
			count(challenger, "failed");
			logger.debug("Shadow version {} of {} failed on a request: {}", challenger.version(), challenger.name(),
					ex.getMessage());
		}
		finally {
			long spent = this.cpuTime.getAsLong() - started;
			this.budget.spend(spent);
			Counter.builder("serving.shadow.cpu")
				.baseUnit("seconds")
				.description("CPU time shadow challengers have taken")
				.tag("model", challenger.name())
				.register(this.meters)
				.increment(spent / 1e9);
		}
		this.log.accept(logged);
	}

	private List<double[]> distributions(LoadedModel challenger, byte[] body, boolean predict) throws Exception {
		Instance[] rows = (predict ? this.reader.predictRows(body, challenger)
				: this.reader.invocationRows(body, challenger))
			.instances();
		List<double[]> distributions = new ArrayList<>(rows.length);
		for (Instance row : rows) {
			distributions.add(challenger.scorer().distribution(row));
		}
		return distributions;
	}

	private void count(LoadedModel challenger, String outcome) {
		this.meters
			.counter("serving.shadow.requests", "model", challenger.name(), "version", challenger.version(), "outcome",
					outcome)
			.increment();
	}

	@Override
	public void close() {
		this.pool.shutdownNow();
	}

}
