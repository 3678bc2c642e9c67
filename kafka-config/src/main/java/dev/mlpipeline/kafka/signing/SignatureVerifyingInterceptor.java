package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RecordInterceptor;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.serde.EventDeserializer;
import dev.mlpipeline.kafka.signing.Verification.Invalid;

/**
 * Verifies every record before any listener of the app sees it. A record that fails is
 * refused with a {@link RejectedEventException}: the container hands it to the shared
 * error handler, which dead-letters it at once (no retry) with the reason as
 * {@code pipeline_rejected_signature} and the timing as further
 * {@code pipeline_rejected_*} headers; the listener never runs, so nothing changes.
 *
 * <p>
 * The signature covers the record's exact value bytes, which {@link EventDeserializer}
 * keeps in its {@value EventDeserializer#ORIGINAL_VALUE_HEADER} header (it removes any
 * such header a producer sent). A record that could not be deserialized never gets here:
 * the container dead-letters it first. The reference time is the record's broker
 * timestamp; the catalogue's topics are declared with {@code LogAppendTime} so that the
 * broker, not the producer, sets it (see {@link EventSignature}). On a topic stamped with
 * {@code CreateTime} the producer's own timestamp is all there is: the check still runs,
 * but a replayed record can carry an old timestamp, so one warning per topic says so.
 */
public class SignatureVerifyingInterceptor implements RecordInterceptor<Object, Object> {

	private static final Logger logger = LoggerFactory.getLogger(SignatureVerifyingInterceptor.class);

	private final EventSignature signature;

	private final BiConsumer<String, Verification.Reason> rejections;

	private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();

	/**
	 * A verifier.
	 * @param signature the keys and age limit
	 * @param rejections told of every refusal (topic, reason), for metrics
	 */
	public SignatureVerifyingInterceptor(EventSignature signature, BiConsumer<String, Verification.Reason> rejections) {
		this.signature = signature;
		this.rejections = rejections;
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		if (record.topic().endsWith(TopicSpec.DEAD_LETTER_SUFFIX)) {
			// a dead-lettered record keeps its source topic's signature; no app acts on
			// it
			return record;
		}
		Verification verification = verify(record);
		if (verification instanceof Invalid invalid) {
			this.rejections.accept(record.topic(), invalid.reason());
			throw new RejectedEventException("Record on '" + record.topic() + "' (key " + quote(record.key())
					+ ", offset " + record.offset() + ") refused: " + invalid.message(), invalid.details());
		}
		return record;
	}

	private Verification verify(ConsumerRecord<Object, Object> record) {
		String key = (record.key() != null) ? record.key().toString() : null;
		return this.signature.verify(record.topic(), key, record.headers(), value(record), reference(record));
	}

	private long reference(ConsumerRecord<?, ?> record) {
		if (record.timestampType() == TimestampType.LOG_APPEND_TIME) {
			return record.timestamp();
		}
		if (record.timestampType() == TimestampType.CREATE_TIME && this.warnedTopics.add(record.topic())) {
			logger.warn("Topic '{}' stamps records with CreateTime, set by the producer: a signed record copied back "
					+ "onto it with an old timestamp is not recognised as stale. Set message.timestamp.type="
					+ "LogAppendTime on the topic (the apps do it at start unless pipeline.kafka.create-topics=false)",
					record.topic());
		}
		return (record.timestamp() >= 0) ? record.timestamp() : System.currentTimeMillis();
	}

	private static byte @Nullable [] value(ConsumerRecord<?, ?> record) {
		Object value = record.value();
		if (value == null) {
			return null;
		}
		if (value instanceof byte[] raw) {
			return raw;
		}
		if (value instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		Header original = record.headers().lastHeader(EventDeserializer.ORIGINAL_VALUE_HEADER);
		if (original == null) {
			throw new IllegalStateException("Record on '" + record.topic() + "' was read without its original bytes: "
					+ "the consumer must use the pipeline's EventDeserializer to have signatures verified");
		}
		return original.value();
	}

	private static String quote(@Nullable Object key) {
		return (key != null) ? "'" + key + "'" : "null";
	}

}
