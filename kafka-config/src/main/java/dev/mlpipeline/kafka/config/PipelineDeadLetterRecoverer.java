package dev.mlpipeline.kafka.config;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.serde.EventDeserializer;

/**
 * Dead-letters a failed record as it arrived: the exact original bytes (a record refused
 * after parsing would otherwise be re-serialized, losing the fields this version does not
 * know), on {@code <topic>.DLT} in the same partition, with the refusal's details as
 * {@code pipeline_rejected_<name>} headers beside Spring's {@code kafka_dlt-*} ones.
 */
class PipelineDeadLetterRecoverer extends DeadLetterPublishingRecoverer {

	PipelineDeadLetterRecoverer(KafkaOperations<?, ?> template) {
		super(template, (record, failure) -> new TopicPartition(record.topic() + TopicSpec.DEAD_LETTER_SUFFIX,
				record.partition()));
		addHeadersFunction(details());
		addHeadersFunction(realCause());
	}

	@Override
	protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
			TopicPartition topicPartition, Headers headers, byte @Nullable [] key, byte @Nullable [] value) {
		Header original = record.headers().lastHeader(EventDeserializer.ORIGINAL_VALUE_HEADER);
		Headers out = new RecordHeaders(headers.toArray());
		out.remove(EventDeserializer.ORIGINAL_VALUE_HEADER);
		byte[] bytes = (value != null) ? value : ((original != null) ? original.value() : null);
		return super.createProducerRecord(record, topicPartition, out, key, bytes);
	}

	private static BiFunction<ConsumerRecord<?, ?>, Exception, @Nullable Headers> details() {
		return (record, failure) -> {
			RejectedEventException rejection = rejection(failure);
			if (rejection == null || rejection.details().isEmpty()) {
				return null;
			}
			Headers headers = new RecordHeaders();
			rejection.details()
				.forEach((name, value) -> headers.add(RejectedEventException.DETAIL_HEADER_PREFIX + name,
						value.getBytes(StandardCharsets.UTF_8)));
			return headers;
		};
	}

	/**
	 * Spring's message header says only {@code failed to deserialize} for every
	 * unreadable record; the reason is in the deserialization failure's cause.
	 */
	private BiFunction<ConsumerRecord<?, ?>, Exception, @Nullable Headers> realCause() {
		return (record, failure) -> {
			DeserializationException unreadable = find(failure, DeserializationException.class);
			if (unreadable == null) {
				unreadable = SerializationUtils.getExceptionFromHeader(record,
						KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, this.logger);
			}
			if (unreadable == null || unreadable.getCause() == null || unreadable.getCause().getMessage() == null) {
				return null;
			}
			String message = unreadable.getMessage() + "; " + unreadable.getCause().getMessage();
			return new RecordHeaders(new Header[] { new SingleRecordHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE,
					message.getBytes(StandardCharsets.UTF_8)) });
		};
	}

	private static @Nullable RejectedEventException rejection(Throwable failure) {
		return find(failure, RejectedEventException.class);
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
