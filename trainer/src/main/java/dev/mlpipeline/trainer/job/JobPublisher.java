package dev.mlpipeline.trainer.job;

import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.TrainingRequested;

/**
 * Puts a validated job on the training topic, keyed by model name so one model's jobs
 * stay in order, and waits for the broker's acknowledgement before {@code POST /jobs}
 * answers.
 */
class JobPublisher {

	private final EventPublisher events;

	JobPublisher(EventPublisher events) {
		this.events = events;
	}

	void publish(TrainingRequested job) {
		this.events.send(Topics.TRAINING_JOBS, job.modelName(), job);
	}

}
