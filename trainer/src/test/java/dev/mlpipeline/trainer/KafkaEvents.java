package dev.mlpipeline.trainer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.test.KafkaBroker;

import static org.awaitility.Awaitility.await;

/**
 * What the trainer sent, read back from the broker with a consumer of its own, for
 * assertions on events.
 */
final class KafkaEvents implements AutoCloseable {

	private final Consumer<String, Object> consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("trainer-events"));

	private final List<ConsumerRecord<String, Object>> received = new ArrayList<>();

	KafkaEvents() {
		this.consumer.subscribe(List.of(Topics.MODEL_REGISTERED, Topics.TRAINING_FAILED));
	}

	synchronized List<ModelRegistered> registered(String jobId) {
		poll();
		return this.received.stream()
			.map(ConsumerRecord::value)
			.filter(ModelRegistered.class::isInstance)
			.map(ModelRegistered.class::cast)
			.filter((event) -> jobId.equals(event.jobId()))
			.toList();
	}

	synchronized List<TrainingFailed> failed(Predicate<TrainingFailed> which) {
		poll();
		return this.received.stream()
			.map(ConsumerRecord::value)
			.filter(TrainingFailed.class::isInstance)
			.map(TrainingFailed.class::cast)
			.filter(which)
			.toList();
	}

	synchronized List<ConsumerRecord<String, Object>> records(String jobId) {
		poll();
		return this.received.stream()
			.filter((record) -> (record.value() instanceof ModelRegistered registered)
					? jobId.equals(registered.jobId())
					: (record.value() instanceof TrainingFailed failed) && jobId.equals(failed.jobId()))
			.toList();
	}

	ModelRegistered awaitRegistered(String jobId) {
		await().atMost(Duration.ofSeconds(90)).pollInSameThread().until(() -> !registered(jobId).isEmpty());
		return registered(jobId).get(0);
	}

	TrainingFailed awaitFailed(String jobId) {
		await().atMost(Duration.ofSeconds(60))
			.pollInSameThread()
			.until(() -> !failed((event) -> jobId.equals(event.jobId())).isEmpty());
		return failed((event) -> jobId.equals(event.jobId())).get(0);
	}

	private void poll() {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.received::add);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
