package dev.mlpipeline.promoter.live;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaHeaders;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.signing.EventSignature;
import dev.mlpipeline.kafka.signing.Verification;

/**
 * Reads the records of one input topic for the topology as the listeners of the apps read
 * theirs: with signing on, the signature is checked over the record's exact bytes first;
 * then the JSON is read. A record that fails either, or lacks what the topology needs, is
 * passed on rejected, as it arrived, with the reason in {@code kafka_dlt-*} and
 * {@code pipeline_rejected_*} headers, for the topology to dead-letter; each rejection is
 * counted in the {@code <operation>-total} metric.
 *
 * @param <T> the event record the topic carries
 */
final class VerifiedRead<T> implements FixedKeyProcessorSupplier<String, byte[], VerifiedRead.Read<T>> {

	private static final Logger logger = LoggerFactory.getLogger(VerifiedRead.class);

	private final String topic;

	private final Class<T> type;

	private final JsonMapper mapper;

	private final @Nullable EventSignature signature;

	private final Predicate<T> usable;

	private final String operation;

	/**
	 * Reads one topic.
	 * @param topic the topic
	 * @param type the event record it carries
	 * @param mapper reads the JSON
	 * @param signature checks signatures, {@code null} when events are not signed
	 * @param usable whether a read event carries what the topology needs
	 * @param operation the name rejections are counted under
	 */
	VerifiedRead(String topic, Class<T> type, JsonMapper mapper, @Nullable EventSignature signature,
			Predicate<T> usable, String operation) {
		this.topic = topic;
		this.type = type;
		this.mapper = mapper;
		this.signature = signature;
		this.usable = usable;
		this.operation = operation;
	}

	@Override
	public FixedKeyProcessor<String, byte[], Read<T>> get() {
		return new FixedKeyProcessor<>() {

			private FixedKeyProcessorContext<String, Read<T>> context;

			private Sensor rejected;

			@Override
			public void init(FixedKeyProcessorContext<String, Read<T>> context) {
				this.context = context;
				this.rejected = context.metrics()
					.addRateTotalSensor(LiveStatsTopology.METRICS_SCOPE, context.taskId().toString(),
							VerifiedRead.this.operation, Sensor.RecordingLevel.INFO);
			}

			@Override
			public void process(FixedKeyRecord<String, byte[]> record) {
				Outcome<T> outcome = read(record);
				if (outcome.event() != null) {
					this.context.forward(record.withValue(new Read<>(outcome.event(), record.value())));
					return;
				}
				this.rejected.record();
				logger.debug("Dead-lettering a record of '{}' (key {}): {}", VerifiedRead.this.topic, record.key(),
						outcome.refusal());
				Headers headers = new RecordHeaders(record.headers().toArray());
				headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, outcome.refusal().getBytes(StandardCharsets.UTF_8));
				headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, VerifiedRead.this.topic.getBytes(StandardCharsets.UTF_8));
				this.context.recordMetadata().ifPresent((where) -> {
					headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION,
							ByteBuffer.allocate(Integer.BYTES).putInt(where.partition()).array());
					headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET,
							ByteBuffer.allocate(Long.BYTES).putLong(where.offset()).array());
				});
				outcome.details()
					.forEach((name, value) -> headers.add(RejectedEventException.DETAIL_HEADER_PREFIX + name,
							value.getBytes(StandardCharsets.UTF_8)));
				this.context.forward(record.withValue(Read.<T>rejected(record.value())).withHeaders(headers));
			}

			@Override
			public void close() {
				this.context.metrics().removeSensor(this.rejected);
			}

		};
	}

	private Outcome<T> read(FixedKeyRecord<String, byte[]> record) {
		return read(record.key(), record.headers(), record.value(), record.timestamp());
	}

	/**
	 * Reads one record of the topic as the topology's own reader does.
	 * @param key the record's key
	 * @param headers its headers
	 * @param raw its value bytes
	 * @param timestamp its timestamp (the broker's append time)
	 * @return the event, or why it was refused
	 */
	Outcome<T> read(String key, Headers headers, byte @Nullable [] raw, long timestamp) {
		if (this.signature != null) {
			Verification verification = this.signature.verify(this.topic, key, headers, raw, timestamp);
			if (verification instanceof Verification.Invalid invalid) {
				return Outcome.refused("Record on '" + this.topic + "' refused: " + invalid.message(),
						invalid.details());
			}
		}
		if (raw == null) {
			return Outcome.refused("Record on '" + this.topic + "' has no value", Map.of());
		}
		T event;
		try {
			event = this.mapper.readValue(raw, this.type);
		}
		catch (JacksonException ex) {
			return Outcome.refused("Record on '" + this.topic + "' is not a " + this.type.getSimpleName() + ": "
					+ ex.getOriginalMessage(), Map.of());
		}
		if (event == null || !this.usable.test(event)) {
			return Outcome.refused(
					"Record on '" + this.topic + "' lacks the model name or request id the live stats need", Map.of());
		}
		return new Outcome<>(event, null, Map.of());
	}

	record Outcome<T>(@Nullable T event, @Nullable String refusal, Map<String, String> details) {

		static <T> Outcome<T> refused(String refusal, Map<String, String> details) {
			return new Outcome<>(null, refusal, details);
		}

	}

	/**
	 * A record as read: its event, or none when it was rejected, and its bytes as they
	 * arrived.
	 *
	 * @param <T> the event record
	 * @param event the event, {@code null} when rejected
	 * @param raw the value bytes as they arrived
	 */
	record Read<T>(@Nullable T event, byte @Nullable [] raw) {

		static <T> Read<T> rejected(byte @Nullable [] raw) {
			return new Read<>(null, raw);
		}

		boolean accepted() {
			return this.event != null;
		}

	}

}
