package dev.mlpipeline.serving.predictionlog;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the requests to log without ever making one wait: a sampled request joins a
 * bounded buffer that one sender drains to Kafka, and a request that finds the buffer
 * full is dropped and counted ({@code serving.prediction.log.dropped}), so a slow or
 * absent broker costs the log records, never the answers.
 */
public class PredictionLog {

	private static final Logger logger = LoggerFactory.getLogger(PredictionLog.class);

	private final double sample;

	private final DoubleSupplier random;

	private final BlockingQueue<LoggedRequest> buffer;

	private final int maxRows;

	private final AtomicInteger rows = new AtomicInteger();

	private final Counter dropped;

	private final Throttle warnings;

	/**
	 * A log.
	 * @param sample the share of requests logged, 0 to 1
	 * @param buffer the most requests waiting
	 * @param maxRows the most rows they may carry together
	 * @param random uniform draws in [0, 1) deciding which requests are logged
	 * @param registry where the drop counter is registered
	 * @param warnings how often a drop is reported in the application log
	 */
	PredictionLog(double sample, int buffer, int maxRows, DoubleSupplier random, MeterRegistry registry,
			Throttle warnings) {
		this.sample = sample;
		this.random = random;
		this.buffer = new ArrayBlockingQueue<>(buffer);
		this.maxRows = maxRows;
		this.dropped = Counter.builder("serving.prediction.log.dropped")
			.description("Prediction log records dropped because the buffer to Kafka was full")
			.register(registry);
		this.warnings = warnings;
	}

	/**
	 * Logs a request, if it is sampled and there is room; never blocks.
	 * @param request the request
	 */
	public void record(LoggedRequest request) {
		// a draw in [0, 1) is below 1 always and below 0 never
		if (!(this.random.getAsDouble() < this.sample)) {
			return;
		}
		int size = request.rowCount();
		if (this.rows.addAndGet(size) > this.maxRows || !this.buffer.offer(request)) {
			this.rows.addAndGet(-size);
			this.dropped.increment();
			if (this.warnings.due()) {
				logger.warn(
						"Prediction log buffer full ({} requests waiting, {} rows): records are being dropped "
								+ "(counted in serving.prediction.log.dropped); is Kafka slow or down?",
						this.buffer.size(), this.rows.get());
			}
		}
	}

	/**
	 * The next request to send, waiting for one.
	 * @return the request
	 * @throws InterruptedException when the sender is stopped
	 */
	LoggedRequest take() throws InterruptedException {
		return taken(this.buffer.take());
	}

	/**
	 * The next request to send, if one is waiting.
	 * @return the request, or {@code null}
	 */
	LoggedRequest poll() {
		LoggedRequest request = this.buffer.poll();
		return (request != null) ? taken(request) : null;
	}

	/**
	 * How many requests wait to be sent.
	 * @return the count
	 */
	int waiting() {
		return this.buffer.size();
	}

	private LoggedRequest taken(LoggedRequest request) {
		this.rows.addAndGet(-request.rowCount());
		return request;
	}

}
