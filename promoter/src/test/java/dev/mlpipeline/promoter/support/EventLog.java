package dev.mlpipeline.promoter.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mlpipeline.kafka.test.KafkaBroker;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything published on some topics since the test JVM started, read by a consumer of
 * its own, so tests can assert the events of their model among those of other tests.
 */
public final class EventLog implements AutoCloseable {

	private final Consumer<String, Object> consumer;

	private final List<ConsumerRecord<String, Object>> seen = new ArrayList<>();

	public EventLog(String... topics) {
		this.consumer = KafkaBroker.consumer(KafkaBroker.uniqueGroup("promoter-test"));
		this.consumer.subscribe(List.of(topics));
	}

	/**
	 * The events of one type published for one model so far, in the order they arrived.
	 * @param <T> the event type
	 * @param type the event type
	 * @param model the model name (the record key)
	 * @return the events
	 */
	public synchronized <T> List<T> events(Class<T> type, String model) {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.seen::add);
		return this.seen.stream()
			.filter((record) -> model.equals(record.key()) && type.isInstance(record.value()))
			.map((record) -> type.cast(record.value()))
			.toList();
	}

	@Override
	public synchronized void close() {
		this.consumer.close();
	}

}
