package dev.mlpipeline.promoter.replicas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.EventKeys;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.promoter.PeriodicWork;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.PeriodicWork;
import dev.mlpipeline.promoter.audit.DecisionRecord;

/**
 * Tells when a production change has reached every serving replica: each
 * {@code ModelPromoted} heard (by every promoter replica, without a consumer group, from
 * the latest offset) is watched until every live replica reports its version in a report
 * made after the change (an earlier one says what the replica served before), and then
 * the decision that made it is given its {@link DecisionRecord.Served} in the registry,
 * once (a second promoter replica's write finds it there). A change no replica has served
 * within {@code promotion.replicas.forget-after} is given up and logged.
 */
@Component
class ConvergenceWatch extends PeriodicWork {

	private static final Logger logger = LoggerFactory.getLogger(ConvergenceWatch.class);

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final ReplicaDirectory directory;

	private final ModelRegistry registry;

	private final DecisionLog decisions;

	private final Duration forgetAfter;

	private final Clock clock = Clock.systemUTC();

	ConvergenceWatch(ReplicaDirectory directory, ModelRegistry registry, DecisionLog decisions,
			@Value("${promotion.replicas.check-interval:1s}") Duration interval,
			@Value("${promotion.replicas.forget-after:10m}") Duration forgetAfter) {
		super("replica-convergence", interval);
		this.directory = directory;
		this.registry = registry;
		this.decisions = decisions;
		this.forgetAfter = forgetAfter;
	}

	@KafkaListener(id = "promoter-model-promoted-watch", idIsGroup = false,
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.MODEL_PROMOTED,
					partitions = "#{T(dev.mlpipeline.kafka.Topics).partitionNumbers('" + Topics.MODEL_PROMOTED + "')}"),
			properties = "auto.offset.reset=latest")
	void on(ModelPromoted event, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		EventKeys.requireModelKey(Topics.MODEL_PROMOTED, key, event.modelName());
		this.pending.put(event.modelName(), new Pending(event.version(),
				(event.promotedAt() != null) ? event.promotedAt() : this.clock.instant(), this.clock.instant()));
	}

	/** One round: every watched change that every live replica now serves is recorded. */
	@Override
	protected void runOnce() {
		Instant now = this.clock.instant();
		for (Map.Entry<String, Pending> entry : this.pending.entrySet()) {
			String model = entry.getKey();
			Pending change = entry.getValue();
			try {
				if (Duration.between(change.heardAt(), now).compareTo(this.forgetAfter) > 0) {
					logger.warn("Model {} version {}: not every live serving replica served it within {}; no longer "
							+ "watched", model, change.version(), this.forgetAfter);
					this.pending.remove(model, change);
					continue;
				}
				ReplicaView.Replicas replicas = ReplicaView.of(model, change.version(), this.directory.all(), now,
						this.forgetAfter);
				if (replicas.convergedSince(change.promotedAt()) && record(model, change.version(), replicas)) {
					this.pending.remove(model, change);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Model {}: the replicas' progress could not be recorded, tried again in {}: {}", model,
						interval(), ex.getMessage());
			}
		}
	}

	private boolean record(String model, String version, ReplicaView.Replicas replicas) {
		Optional<ModelVersion> target = this.registry.findModelVersion(model, version);
		Optional<DecisionRecord> decision = target.flatMap((found) -> this.decisions.history(List.of(found))
			.stream()
			.filter(DecisionRecord::changesProduction)
			.findFirst());
		if (target.isEmpty() || decision.isEmpty()) {
			return false;
		}
		Instant last = replicas.replicas()
			.stream()
			.filter(ReplicaView.Replica::live)
			.map(ReplicaView.Replica::loadedAt)
			.filter(java.util.Objects::nonNull)
			.max(Instant::compareTo)
			.orElse(this.clock.instant());
		long millis = Math.max(0, Duration.between(decision.get().decidedAt(), last).toMillis());
		DecisionRecord.Served served = new DecisionRecord.Served(replicas.live(), millis, last);
		if (this.decisions.recordServed(target.get(), decision.get().decisionId(), served)) {
			logger.info("Model {} version {}: served by all {} live replicas {} ms after decision {}", model, version,
					replicas.live(), millis, decision.get().decisionId());
		}
		return true;
	}

	/**
	 * A production change heard and not yet served everywhere.
	 *
	 * @param version the new production version
	 * @param promotedAt when the registry moved, as its event says
	 * @param heardAt when its event was heard
	 */
	private record Pending(String version, Instant promotedAt, Instant heardAt) {
	}

}
