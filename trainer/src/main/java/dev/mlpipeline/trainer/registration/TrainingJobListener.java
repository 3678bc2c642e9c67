package dev.mlpipeline.trainer.registration;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * Takes training jobs off Kafka, one record per poll, in the consumer group
 * {@code spring.kafka.consumer.group-id} ({@code trainer}); the offset is committed when
 * {@link JobProcessor} returns, which is after the outcome event was acknowledged.
 */
@Component
class TrainingJobListener {

	private final JobProcessor processor;

	TrainingJobListener(JobProcessor processor) {
		this.processor = processor;
	}

	@KafkaListener(id = "trainer", idIsGroup = false, topics = Topics.TRAINING_JOBS)
	void on(TrainingRequested job) {
		this.processor.process(job);
	}

}
