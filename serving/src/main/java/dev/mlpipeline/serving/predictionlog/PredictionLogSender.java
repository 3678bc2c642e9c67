package dev.mlpipeline.serving.predictionlog;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.PredictionLogged;

/**
 * The one daemon thread that drains the prediction log to Kafka, so no request thread
 * ever touches the producer: sends are asynchronous and counted
 * ({@code serving.prediction.log.sent}, {@code serving.prediction.log.failed}), and a
 * failure is written to the application log at most once a minute, never thrown.
 */
class PredictionLogSender implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PredictionLogSender.class);

	/** How long a stopping sender may spend handing the last records over. */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final PredictionLog log;

	private final KafkaOperations<String, Object> kafka;

	private final Clock clock;

	private final Counter sent;

	private final Counter failed;

	private final Throttle warnings;

	private volatile boolean running;

	private Thread thread;

	PredictionLogSender(PredictionLog log, KafkaOperations<String, Object> kafka, Clock clock, MeterRegistry registry,
			Throttle warnings) {
		this.log = log;
		this.kafka = kafka;
		this.clock = clock;
		this.sent = Counter.builder("serving.prediction.log.sent")
			.description("Prediction log records the broker acknowledged")
			.register(registry);
		this.failed = Counter.builder("serving.prediction.log.failed")
			.description("Prediction log records the producer could not send")
			.register(registry);
		this.warnings = warnings;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = new Thread(this::drain, "prediction-log");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		Thread draining;
		synchronized (this) {
			this.running = false;
			draining = this.thread;
		}
		if (draining == null) {
			return;
		}
		draining.interrupt();
		try {
			draining.join(STOP_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server: the requests it answered while shutting down are logged
	 * too.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private void drain() {
		while (this.running) {
			LoggedRequest next;
			try {
				next = this.log.take();
			}
			catch (InterruptedException ex) {
				break;
			}
			send(next);
		}
		for (LoggedRequest left = this.log.poll(); left != null; left = this.log.poll()) {
			send(left);
		}
	}

	private void send(LoggedRequest request) {
		PredictionLogged event;
		try {
			event = PredictionLogEvents.of(request, UUID.randomUUID().toString(), this.clock.instant());
			this.kafka.send(Topics.PREDICTIONS, event.modelName(), event).whenComplete((result, failure) -> {
				if (failure == null) {
					this.sent.increment();
				}
				else {
					failed(failure);
				}
			});
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	private void failed(Throwable failure) {
		this.failed.increment();
		if (this.warnings.due()) {
			logger.warn("Prediction log records are not reaching Kafka (counted in serving.prediction.log.failed; "
					+ "{} so far): {}", (long) this.failed.count(), failure.toString());
		}
	}

}
