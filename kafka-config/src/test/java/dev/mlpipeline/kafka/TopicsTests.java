package dev.mlpipeline.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.ServingStatus;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTests {

	@Test
	void catalogueHoldsEveryTopicOfTheDesignOnce() {
		assertThat(Topics.all()).extracting(TopicSpec::name)
			.containsExactly(Topics.TRAINING_JOBS, Topics.MODEL_REGISTERED, Topics.TRAINING_FAILED,
					Topics.PROMOTION_DECISIONS, Topics.MODEL_PROMOTED, Topics.PREDICTIONS, Topics.FEEDBACK,
					Topics.PROMOTION_COMMANDS, Topics.PROMOTION_REPLIES, Topics.SERVING_STATUS)
			.doesNotHaveDuplicates();
	}

	@Test
	void promotionsAreCompactedSoTheLatestPerModelIsKept() {
		TopicSpec<?> promoted = Topics.find(Topics.MODEL_PROMOTED).orElseThrow();
		assertThat(promoted.payloadType()).isEqualTo(ModelPromoted.class);
		assertThat(promoted.configs()).containsEntry("cleanup.policy", "compact");
	}

	@Test
	void servingHeartbeatsKeepEachReplicasLatestAndForgetAReplicaADayAfterItsLastReport() {
		TopicSpec<?> status = Topics.find(Topics.SERVING_STATUS).orElseThrow();
		assertThat(status.payloadType()).isEqualTo(ServingStatus.class);
		assertThat(status.configs()).containsEntry("cleanup.policy", "compact,delete")
			.containsEntry("retention.ms", String.valueOf(24L * 60 * 60 * 1000));
	}

	@Test
	void everyPartitionNumberOfATopicIsListedForAReaderWithoutAGroup() {
		assertThat(Topics.partitionNumbers(Topics.MODEL_PROMOTED)).containsExactly("0", "1", "2");
		assertThat(Topics.partitionNumbers(Topics.MODEL_PROMOTED + ".DLT")).hasSize(3);
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Topics.partitionNumbers("elsewhere"))
			.withMessageContaining("elsewhere");
	}

	@Test
	void thePredictionLogIsKeptAWeekAndFeedbackAMonth() {
		TopicSpec<?> predictions = Topics.find(Topics.PREDICTIONS).orElseThrow();
		TopicSpec<?> feedback = Topics.find(Topics.FEEDBACK).orElseThrow();
		assertThat(predictions.payloadType()).isEqualTo(PredictionLogged.class);
		assertThat(feedback.payloadType()).isEqualTo(FeedbackReceived.class);
		assertThat(predictions.configs()).containsEntry("retention.ms", String.valueOf(7L * 24 * 60 * 60 * 1000));
		assertThat(feedback.configs()).containsEntry("retention.ms", String.valueOf(30L * 24 * 60 * 60 * 1000));
		assertThat(Topics.find(Topics.FEEDBACK + ".DLT")).contains(feedback);
	}

	@Test
	void everyTopicHasADeadLetterTopicWithAsManyPartitions() {
		for (TopicSpec<?> spec : Topics.all()) {
			NewTopic deadLetter = spec.toDeadLetterTopic((short) 1);
			assertThat(deadLetter.name()).isEqualTo(spec.name() + ".DLT");
			assertThat(deadLetter.numPartitions()).isEqualTo(spec.partitions());
			assertThat(Topics.find(deadLetter.name())).contains(spec);
		}
	}

	@Test
	void everyTopicAndDeadLetterTopicIsStampedByTheBrokerWithLogAppendTime() {
		for (TopicSpec<?> spec : Topics.all()) {
			assertThat(spec.toNewTopic((short) 1).configs()).containsEntry("message.timestamp.type", "LogAppendTime");
			assertThat(spec.toDeadLetterTopic((short) 1).configs()).containsEntry("message.timestamp.type",
					"LogAppendTime");
		}
		assertThat(Topics.find(Topics.MODEL_PROMOTED).orElseThrow().toNewTopic((short) 1).configs())
			.containsEntry("cleanup.policy", "compact");
	}

	@Test
	void topicsOutsideTheCatalogueAreNotFound() {
		assertThat(Topics.find("orders")).isEmpty();
	}

}
