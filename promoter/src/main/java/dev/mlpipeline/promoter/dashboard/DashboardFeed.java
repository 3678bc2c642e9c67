package dev.mlpipeline.promoter.dashboard;

import java.time.Clock;
import java.time.Duration;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.promoter.live.LiveUpdates;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * The pipeline's events as the page sees them: every promoter replica reads the topics on
 * its own (all partitions, no consumer group, from the latest offset) and tells every
 * open page. Best effort by design: the page reads the state from the API, so an event a
 * slow page misses costs it nothing but a later refresh.
 * <p>
 * Stops before the web server's graceful shutdown, ending every open stream, so an open
 * page never holds a promoter's shutdown up.
 */
@Component
class DashboardFeed implements SmartLifecycle {

	// a model's live stats change with every window the topology commits: tell at most
	// this often per model
	private static final Duration LIVE_AT_MOST_EVERY = Duration.ofSeconds(1);

	private final Sinks.Many<DashboardEvent> events = Sinks.many().multicast().directBestEffort();

	private final Sinks.Empty<Void> closing = Sinks.empty();

	private final ObjectProvider<LiveUpdates> liveUpdates;

	private final Clock clock = Clock.systemUTC();

	private volatile Disposable live;

	private volatile boolean running;

	DashboardFeed(ObjectProvider<LiveUpdates> liveUpdates) {
		this.liveUpdates = liveUpdates;
	}

	/**
	 * Every event from now on, until the promoter stops.
	 * @return the events
	 */
	Flux<DashboardEvent> events() {
		return this.events.asFlux().takeUntilOther(closed());
	}

	/**
	 * Completes when the promoter stops.
	 * @return the signal
	 */
	Mono<Void> closed() {
		return this.closing.asMono();
	}

	@KafkaListener(id = "promoter-dashboard-registered", idIsGroup = false, topicPartitions = @TopicPartition(
			topic = Topics.MODEL_REGISTERED,
			partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.MODEL_REGISTERED + "')}"),
			properties = "auto.offset.reset=latest")
	void on(ModelRegistered event) {
		tell(DashboardEvent.REGISTERED, event.modelName(), event.version(),
				"version " + event.version() + " registered (" + event.algorithm() + ", job " + event.jobId() + ")");
	}

	@KafkaListener(id = "promoter-dashboard-failed", idIsGroup = false, topicPartitions = @TopicPartition(
			topic = Topics.TRAINING_FAILED,
			partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.TRAINING_FAILED + "')}"),
			properties = "auto.offset.reset=latest")
	void on(TrainingFailed event) {
		tell(DashboardEvent.FAILED, event.modelName(), null, "job " + event.jobId() + " failed: " + event.reason());
	}

	@KafkaListener(id = "promoter-dashboard-decided", idIsGroup = false, topicPartitions = @TopicPartition(
			topic = Topics.PROMOTION_DECISIONS,
			partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.PROMOTION_DECISIONS + "')}"),
			properties = "auto.offset.reset=latest")
	void on(PromotionDecided event) {
		tell(DashboardEvent.DECIDED, event.modelName(), event.version(), "version " + event.version() + " "
				+ event.outcome() + " (" + event.cause() + ", by " + event.actor() + ")");
	}

	@KafkaListener(id = "promoter-dashboard-promoted", idIsGroup = false,
			topicPartitions = @TopicPartition(topic = Topics.MODEL_PROMOTED,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.MODEL_PROMOTED + "')}"),
			properties = "auto.offset.reset=latest")
	void on(ModelPromoted event) {
		tell(DashboardEvent.PROMOTED, event.modelName(), event.version(),
				"version " + event.version() + " in production (was " + event.previousVersion() + ")");
	}

	@KafkaListener(id = "promoter-dashboard-replicas", idIsGroup = false,
			topicPartitions = @TopicPartition(topic = Topics.SERVING_STATUS,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.SERVING_STATUS + "')}"),
			properties = "auto.offset.reset=latest")
	void on(ServingStatus status) {
		tell(DashboardEvent.REPLICA, null, null, "replica " + status.instanceId() + " reported");
	}

	// the listeners' threads tell at once, and a sink takes one emission at a time (a
	// concurrent one is refused), so emissions take turns; a subscriber with no demand
	// misses the event (best effort), and the sink never fails
	private synchronized void tell(String kind, String model, String version, String summary) {
		this.events.tryEmitNext(new DashboardEvent(kind, model, version, summary, this.clock.instant()));
	}

	@Override
	public void start() {
		LiveUpdates updates = this.liveUpdates.getIfAvailable();
		if (updates != null) {
			this.live = updates.models()
				.groupBy((model) -> model)
				.flatMap((models) -> models.sample(LIVE_AT_MOST_EVERY))
				.subscribe((model) -> tell(DashboardEvent.LIVE, model, null, "live stats of " + model + " changed"));
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		Disposable subscription = this.live;
		if (subscription != null) {
			subscription.dispose();
		}
		this.closing.tryEmitEmpty();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
