package dev.mlpipeline.promoter.rollout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.promoter.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the live checks on a timer ({@code promotion.rollout.check-interval}): every
 * registered model's challenger is put to its live gates, and its champion watched; a
 * decision's events are handed to the outbox relay at once. One thread, so checks never
 * overlap; a model whose check fails is logged and tried again at the next tick.
 */
@Component
class RolloutChecks implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RolloutChecks.class);

	private final RolloutService rollouts;

	private final ModelRegistry registry;

	private final OutboxRelay relay;

	private final Duration interval;

	private volatile ScheduledExecutorService executor;

	RolloutChecks(RolloutService rollouts, ModelRegistry registry, OutboxRelay relay,
			@Value("${promotion.rollout.check-interval:10s}") Duration interval) {
		this.rollouts = rollouts;
		this.registry = registry;
		this.relay = relay;
		this.interval = interval;
	}

	/** One round of checks over every registered model. */
	void checkAll() {
		List<String> models;
		try {
			models = this.registry.searchRegisteredModelNames();
		}
		catch (RuntimeException ex) {
			logger.warn("Live checks skipped, the registry is unavailable: {}", ex.getMessage());
			return;
		}
		for (String model : models) {
			try {
				boolean decided = this.rollouts.check(model).isPresent() | this.rollouts.watch(model).isPresent();
				if (decided) {
					this.relay.publish(model);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Live check of model {} failed, tried again in {}: {}", model, this.interval,
						ex.getMessage());
			}
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "rollout-checks");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		started.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
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
