package dev.mlpipeline.serving.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import weka.core.Instance;

import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.predictionlog.LoggedRequest;

/**
 * Scores a shadow challenger on the rows of requests the champion answers, off the
 * requests' path: a bounded queue in front of a small pool, and a request whose shadow
 * work does not fit is never made to wait, its shadow is dropped and counted.
 */
class ShadowScoring implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ShadowScoring.class);

	private final ThreadPoolExecutor pool;

	private final RequestReader reader;

	private final MeterRegistry meters;

	private final Consumer<LoggedRequest> log;

	ShadowScoring(ThreadPoolExecutor pool, RequestReader reader, MeterRegistry meters, Consumer<LoggedRequest> log) {
		this.pool = pool;
		this.reader = reader;
		this.meters = meters;
		this.log = log;
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
	 * shadow is dropped or fails, so every answer is logged once
	 */
	void submit(LoadedModel challenger, byte[] body, boolean predict, LoggedRequest answered) {
		try {
			this.pool.execute(() -> score(challenger, body, predict, answered));
		}
		catch (RejectedExecutionException ex) {
			count(challenger, "dropped");
			this.log.accept(answered);
		}
	}

	private void score(LoadedModel challenger, byte[] body, boolean predict, LoggedRequest answered) {
		List<double[]> distributions;
		try {
			Instance[] rows = (predict ? this.reader.predictRows(body, challenger)
					: this.reader.invocationRows(body, challenger))
				.instances();
			distributions = new ArrayList<>(rows.length);
			for (Instance row : rows) {
				distributions.add(challenger.scorer().distribution(row));
			}
			count(challenger, "scored");
		}
		catch (Exception ex) {
			count(challenger, "failed");
			logger.debug("Shadow version {} of {} failed on a request: {}", challenger.version(), challenger.name(),
					ex.getMessage());
			this.log.accept(answered);
			return;
		}
		this.log.accept(answered.withShadow(challenger.version(), distributions));
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
