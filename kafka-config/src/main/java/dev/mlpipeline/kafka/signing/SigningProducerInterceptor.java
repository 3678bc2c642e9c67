package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.serde.EventSerializer;

/**
 * Signs every record a producer of the app sends, whoever sends it: the shared
 * {@code KafkaTemplate}, a template built on a copy of the app's producer factory, or a
 * producer the app creates itself from that factory's configuration. It is a Kafka
 * {@code interceptor.classes} entry, so no send can go around it.
 *
 * <p>
 * Kafka calls it before the value serializer, so it serializes the event itself with the
 * pipeline's JSON mapper (a {@code byte[]} value is taken as is), signs those bytes and
 * hands on a record whose value is the {@code byte[]}, which {@link EventSerializer}
 * passes through untouched: what is signed is exactly what goes on the wire. Records to a
 * dead-letter topic are left alone: the dead-letter recoverer sends through the same
 * producer, and a refused record must keep the headers it arrived with.
 *
 * <p>
 * Kafka catches and only logs an exception an interceptor throws, sending the record
 * unsigned; every consumer then refuses it to the dead-letter topic, so a failure here
 * loses no event silently but does not make the send fail either.
 */
public class SigningProducerInterceptor implements ProducerInterceptor<Object, Object> {

	/**
	 * Producer config entry holding the {@link EventSignature} instance; Kafka hands the
	 * whole configuration to {@link #configure}.
	 */
	public static final String SIGNATURE_CONFIG = "pipeline.event.signature";

	private final EventSerializer serializer = new EventSerializer();

	private EventSignature signature;

	/**
	 * Producer configuration that adds this interceptor to those already configured.
	 * @param existing the producer's current configuration
	 * @param signature the signer the interceptor uses
	 * @return the entries to add to the configuration
	 */
	public static Map<String, Object> configs(Map<String, Object> existing, EventSignature signature) {
		List<Object> interceptors = new ArrayList<>();
		Object configured = existing.get(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
		if (configured instanceof Collection<?> many) {
			interceptors.addAll(many);
		}
		else if (configured instanceof String names) {
			for (String name : names.split(",")) {
				if (!name.isBlank()) {
					interceptors.add(name.trim());
				}
			}
		}
		else if (configured != null) {
			interceptors.add(configured);
		}
		boolean present = interceptors.stream()
			.anyMatch((entry) -> entry == SigningProducerInterceptor.class
					|| SigningProducerInterceptor.class.getName().equals(entry));
		if (!present) {
			interceptors.add(SigningProducerInterceptor.class);
		}
		Map<String, Object> configs = new HashMap<>();
		configs.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, interceptors);
		configs.put(SIGNATURE_CONFIG, signature);
		return configs;
	}

	@Override
	public void configure(Map<String, ?> configs) {
		if (!(configs.get(SIGNATURE_CONFIG) instanceof EventSignature configured)) {
			throw new ConfigException(SIGNATURE_CONFIG, configs.get(SIGNATURE_CONFIG),
					"needs the EventSignature instance the records are signed with");
		}
		this.signature = configured;
	}

	@Override
	public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
		if (record.topic().endsWith(TopicSpec.DEAD_LETTER_SUFFIX)) {
			return record;
		}
		byte[] value = this.serializer.serialize(record.topic(), record.value());
		String key = key(record.key());
		long now = System.currentTimeMillis();
		Headers headers = new RecordHeaders(record.headers().toArray());
		headers.remove(EventSignature.TIMESTAMP_HEADER);
		headers.remove(EventSignature.SIGNATURE_HEADER);
		headers.add(EventSignature.TIMESTAMP_HEADER, Long.toString(now).getBytes(StandardCharsets.UTF_8));
		headers.add(EventSignature.SIGNATURE_HEADER,
				this.signature.sign(record.topic(), key, now, value).getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), value,
				headers);
	}

	// a producer of raw bytes (Kafka Streams') has its key serialized already
	private static String key(Object key) {
		if (key instanceof byte[] raw) {
			return new String(raw, StandardCharsets.UTF_8);
		}
		return (key != null) ? key.toString() : null;
	}

	@Override
	public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
	}

	@Override
	public void close() {
	}

}
