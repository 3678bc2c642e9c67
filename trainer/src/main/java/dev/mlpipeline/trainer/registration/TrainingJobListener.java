package dev.mlpipeline.trainer.registration;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.mlpipeline.kafka.EventKeys;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * Takes training jobs off Kafka, one record per poll, in the consumer group
 * {@code spring.kafka.consumer.group-id} ({@code trainer}); the offset is committed when
 * {@link JobProcessor} returns, which is after the outcome event was acknowledged. A
 * record whose key is not its job's model name is refused to the dead-letter topic: it
 * could overtake an earlier job of its model.
 */
@Component
class TrainingJobListener {

	private final JobProcessor processor;

	TrainingJobListener(JobProcessor processor) {
		this.processor = processor;
	}

	@KafkaListener(id = "trainer", idIsGroup = false, topics = Topics.TRAINING_JOBS)
	void on(TrainingRequested job, @Header(name = KafkaHeaders.RECEIVED_KEY, required = false) String key) {
		EventKeys.requireModelKey(Topics.TRAINING_JOBS, key, job.modelName());
		this.processor.process(job);
	}

}
