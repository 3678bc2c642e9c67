package dev.mlpipeline.trainer.job;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.kafka.core.KafkaTemplate;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * Puts a validated job on the training topic, keyed by model name so one model's jobs
 * stay in order, and waits for the broker's acknowledgement before {@code POST /jobs}
 * answers.
 */
class JobPublisher {

	private final KafkaTemplate<String, Object> kafka;

	private final Duration timeout;

	JobPublisher(KafkaTemplate<String, Object> kafka, Duration timeout) {
		this.kafka = kafka;
		this.timeout = timeout;
	}

	void publish(TrainingRequested job) throws Exception {
		this.kafka.send(Topics.TRAINING_JOBS, job.modelName(), job).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
