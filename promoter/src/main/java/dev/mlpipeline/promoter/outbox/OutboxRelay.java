package dev.mlpipeline.promoter.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.context.ContextSnapshotFactory;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.promoter.PromotionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

/**
 * Publishes what the outbox holds and deletes each entry once the broker acknowledged it:
 * right after a decision, at start and on a timer, so events a Kafka outage or a crash
 * held back still go out. One thread does all publishing, one model's entries oldest
 * first, and the next entry of a model waits for the previous one's acknowledgement, so a
 * model's events keep their order.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final OutboxGuard guard;

	private final KafkaOperations<String, Object> kafka;

	private final Duration interval;

	private final Duration publishWait;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "outbox-relay");
		thread.setDaemon(true);
		return thread;
	});

	/** Takes the caller's trace to the relay thread, so an event joins its decision's. */
	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	/** Events sent whose acknowledgement has not arrived. */
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	/** Events acknowledged whose entry is not deleted yet (MLflow was unreachable). */
	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	OutboxRelay(Outbox outbox, OutboxGuard guard, KafkaOperations<String, Object> kafka,
			PromotionProperties properties) {
		this.outbox = outbox;
		this.guard = guard;
		this.kafka = kafka;
		this.interval = properties.outbox().relayInterval();
		this.publishWait = properties.outbox().publishWait();
	}

	/**
	 * Publishes a model's pending events in the background.
	 * @param model the registered model
	 * @return completes with {@code true} when nothing of the model is left pending
	 */
	public CompletableFuture<Boolean> publish(String model) {
		CompletableFuture<Boolean> done = new CompletableFuture<>();
		try {
			Runnable relay = () -> done.complete(relaySafely(model));
			this.executor.execute(this.snapshots.captureAll().wrap(relay));
		}
		catch (RuntimeException ex) {
			done.complete(false);
		}
		return done;
	}

	/**
	 * Publishes a model's pending events and waits, at most the configured publish wait,
	 * for the broker to take them.
	 * @param model the registered model
	 * @return {@code true} when every event of the model was acknowledged, {@code false}
	 * when some wait in the outbox (the relay keeps trying)
	 */
	public boolean publishAndWait(String model) {
		try {
			return publish(model).get(this.publishWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	/**
	 * Publishes the pending events of every registered model.
	 */
	void relayAll() {
		List<String> models;
		try {
			models = this.outbox.models();
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox scan failed, trying again in {}: {}", this.interval, ex.getMessage());
			return;
		}
		for (String model : models) {
			if (!this.running) {
				return;
			}
			relaySafely(model);
		}
	}

	private boolean relaySafely(String model) {
		try {
			return relay(model);
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox of model {} not relayed, trying again in {}: {}", model, this.interval,
					ex.getMessage());
			return false;
		}
	}

	/**
	 * Publishes one model's entries oldest first, stopping at the first that the broker
	 * has not acknowledged.
	 */
	private boolean relay(String model) {
		List<OutboxEntry> entries = this.outbox.pending(model);
		for (OutboxEntry entry : entries) {
			if (this.acknowledged.contains(entry.eventId())) {
				remove(entry);
				continue;
			}
			if (this.inFlight.contains(entry.eventId())) {
				return false;
			}
			OutboxGuard.Confirmation confirmation = this.guard.confirm(entry);
			if (confirmation == OutboxGuard.Confirmation.WAIT) {
				// a move of the decision is not done: its owner finishes it, then this
				// and the model's later entries go out in order
				logger.debug("Outbox entry {} of model {} waits for its decision's moves", entry.eventId(), model);
				return false;
			}
			if (confirmation == OutboxGuard.Confirmation.SKIP) {
				// the decision that owes this event is not recorded: no registry change
				// to announce (an interrupted decision), so it is never published
				logger.debug("Outbox entry {} of model {} belongs to no recorded decision; not published",
						entry.eventId(), model);
				continue;
			}
			if (!send(entry)) {
				return false;
			}
			remove(entry);
		}
		return true;
	}

	private boolean send(OutboxEntry entry) {
		TopicSpec<?> topic = Topics.find(entry.topic())
			.orElseThrow(() -> new IllegalStateException(
					"Outbox entry " + entry.eventId() + " names unknown topic " + entry.topic()));
		Object payload = OutboxEnvelope.payload(entry, topic.payloadType());
		this.inFlight.add(entry.eventId());
		CompletableFuture<?> sent;
		try {
			sent = this.kafka.send(topic.name(), entry.key(), payload);
		}
		catch (RuntimeException ex) {
			this.inFlight.remove(entry.eventId());
			logger.warn("Kafka did not take event {} of model {}; it waits in the outbox: {}", entry.eventId(),
					entry.model(), ex.getMessage());
			return false;
		}
		sent.whenComplete((result, failure) -> {
			if (failure == null) {
				this.acknowledged.add(entry.eventId());
			}
			this.inFlight.remove(entry.eventId());
			if (failure == null && this.running) {
				// a late acknowledgement: delete the entry and go on with the model
				publish(entry.model());
			}
		});
		try {
			sent.get(this.publishWait.toMillis(), TimeUnit.MILLISECONDS);
			this.acknowledged.add(entry.eventId());
			this.inFlight.remove(entry.eventId());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Event {} of model {} not acknowledged yet; it waits in the outbox: {}", entry.eventId(),
					entry.model(), ex.getMessage());
			return false;
		}
	}

	private void remove(OutboxEntry entry) {
		this.outbox.remove(entry);
		this.acknowledged.remove(entry.eventId());
	}

	@Override
	public void start() {
		this.running = true;
		this.executor.scheduleWithFixedDelay(this::relayAll, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		this.executor.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
