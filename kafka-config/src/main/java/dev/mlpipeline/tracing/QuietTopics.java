package dev.mlpipeline.tracing;

import java.util.Set;

import io.micrometer.observation.Observation;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

import dev.mlpipeline.kafka.Topics;

/**
 * The topics whose records are not observed, on either side: serving's heartbeats and
 * prediction logs are many, belong to no promotion, and would each start a trace of their
 * own.
 */
final class QuietTopics {

	static final Set<String> QUIET = Set.of(Topics.SERVING_STATUS, Topics.PREDICTIONS);

	private QuietTopics() {
	}

	/**
	 * Whether an observation should be made.
	 * @param name the observation's name
	 * @param context its context
	 * @return {@code false} for a send to, or a record received from, a quiet topic
	 */
	static boolean observed(String name, Observation.Context context) {
		if (context instanceof KafkaRecordSenderContext sender) {
			return !QUIET.contains(sender.getDestination());
		}
		if (context instanceof KafkaRecordReceiverContext receiver) {
			return !QUIET.contains(receiver.getSource());
		}
		return true;
	}

}
