package dev.mlpipeline.trainer.registration;

import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.TrainingFailed;

/**
 * Sends the trainer's outcome events and waits for the broker's acknowledgement, so the
 * job's offset is committed only after its event is on Kafka.
 */
class TrainingEvents {

	private final EventPublisher events;

	TrainingEvents(EventPublisher events) {
		this.events = events;
	}

	void registered(ModelRegistered event) {
		this.events.send(Topics.MODEL_REGISTERED, event.modelName(), event);
	}

	void failed(TrainingFailed event) {
		this.events.send(Topics.TRAINING_FAILED, event.modelName(), event);
	}

}
