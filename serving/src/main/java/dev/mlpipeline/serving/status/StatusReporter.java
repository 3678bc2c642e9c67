package dev.mlpipeline.serving.status;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.serving.model.ServedModels;

/**
 * Publishes this replica's {@link ServingStatus} to {@code serving-status} every
 * {@code serving.status.interval}, keyed by its instance id, from one thread of its own;
 * a report that cannot be sent (Kafka away) is skipped, and the next one says the same
 * and more. The instance id is {@code serving.instance-id} when set, else the host name
 * and a random suffix, new at each start.
 */
@Component
class StatusReporter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(StatusReporter.class);

	private final ServedModels models;

	private final KafkaTemplate<String, Object> kafka;

	private final Duration interval;

	private final StatusReport.Identity identity;

	private final Clock clock = Clock.systemUTC();

	private volatile ScheduledExecutorService executor;

	StatusReporter(ServedModels models, KafkaTemplate<String, Object> kafka,
			@Value("${serving.status.interval:5s}") Duration interval,
			@Value("${serving.instance-id:}") String instanceId) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("serving.status.interval must be positive, not " + interval);
		}
		this.models = models;
		this.kafka = kafka;
		this.interval = interval;
		String host = host();
		String id = instanceId.isBlank() ? host + "-" + UUID.randomUUID().toString().substring(0, 8)
				: instanceId.strip();
		this.identity = new StatusReport.Identity(id, host, Instant.now(this.clock));
	}

	/** Publishes one report now. */
	void report() {
		ServingStatus status = StatusReport.of(this.identity, this.models.all(), this.interval,
				Instant.now(this.clock));
		try {
			this.kafka.send(Topics.SERVING_STATUS, status.instanceId(), status).whenComplete((result, failure) -> {
				if (failure != null) {
					logger.debug("Status of {} not sent: {}", status.instanceId(), failure.getMessage());
				}
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Status of {} not sent: {}", status.instanceId(), ex.getMessage());
		}
	}

	String instanceId() {
		return this.identity.instanceId();
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "serving-status");
			thread.setDaemon(true);
			return thread;
		});
		started.scheduleWithFixedDelay(this::report, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = started;
		logger.info("Reporting as serving instance {} every {}", this.identity.instanceId(), this.interval);
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

	private static String host() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
