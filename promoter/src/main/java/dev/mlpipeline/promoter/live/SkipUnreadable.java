package dev.mlpipeline.promoter.live;

import java.util.function.Predicate;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes on the records of an input topic that were read and carry what the topology
 * needs, and drops the rest (the lenient serde reads a malformed record as {@code null}),
 * counting them in a {@code <operation>-total} metric so no record vanishes unseen.
 */
final class SkipUnreadable<K, V> implements FixedKeyProcessorSupplier<K, V, V> {

	private static final Logger logger = LoggerFactory.getLogger(SkipUnreadable.class);

	private final String operation;

	private final Predicate<V> usable;

	SkipUnreadable(String operation, Predicate<V> usable) {
		this.operation = operation;
		this.usable = usable;
	}

	@Override
	public FixedKeyProcessor<K, V, V> get() {
		return new FixedKeyProcessor<>() {

			private FixedKeyProcessorContext<K, V> context;

			private Sensor skipped;

			@Override
			public void init(FixedKeyProcessorContext<K, V> context) {
				this.context = context;
				this.skipped = context.metrics()
					.addRateTotalSensor(LiveStatsTopology.METRICS_SCOPE, context.taskId().toString(),
							SkipUnreadable.this.operation, Sensor.RecordingLevel.INFO);
			}

			@Override
			public void process(FixedKeyRecord<K, V> record) {
				if (record.value() != null && SkipUnreadable.this.usable.test(record.value())) {
					this.context.forward(record);
					return;
				}
				this.skipped.record();
				this.context.recordMetadata()
					.ifPresent((where) -> logger.debug("Skipped a record that could not be read or used at {}-{}@{}",
							where.topic(), where.partition(), where.offset()));
			}

			@Override
			public void close() {
				this.context.metrics().removeSensor(this.skipped);
			}

		};
	}

}
