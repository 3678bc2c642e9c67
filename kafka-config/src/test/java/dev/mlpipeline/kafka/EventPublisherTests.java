package dev.mlpipeline.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class EventPublisherTests {

	@SuppressWarnings("unchecked")
	private final KafkaOperations<String, Object> kafka = mock(KafkaOperations.class);

	private final EventPublisher publisher = new EventPublisher(this.kafka, Duration.ofMillis(200));

	@Test
	void returnsOnceTheBrokerAcknowledged() {
		given(this.kafka.send(Topics.MODEL_PROMOTED, "iris", "event"))
			.willReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
		assertThatNoException().isThrownBy(() -> this.publisher.send(Topics.MODEL_PROMOTED, "iris", "event"));
	}

	@Test
	void failsWithTheTopicAndModelWhenTheBrokerRefuses() {
		given(this.kafka.send(Topics.MODEL_PROMOTED, "iris", "event"))
			.willReturn(CompletableFuture.failedFuture(new IllegalStateException("broker down")));
		assertThatExceptionOfType(EventNotSentException.class)
			.isThrownBy(() -> this.publisher.send(Topics.MODEL_PROMOTED, "iris", "event"))
			.withMessageContaining(Topics.MODEL_PROMOTED)
			.withMessageContaining("iris")
			.withMessageContaining("broker down");
	}

	@Test
	void failsWhenTheBrokerDoesNotAnswerInTime() {
		given(this.kafka.send(Topics.MODEL_PROMOTED, "iris", "event")).willReturn(new CompletableFuture<>());
		assertThatExceptionOfType(EventNotSentException.class)
			.isThrownBy(() -> this.publisher.send(Topics.MODEL_PROMOTED, "iris", "event"))
			.withMessageContaining("within 200 ms");
	}

}
