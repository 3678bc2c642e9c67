package dev.mlpipeline.tracing;

import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Observes a Kafka template an app builds itself (not a bean), so the events it sends
 * carry the trace context, with a cluster id that never waits for the broker. Templates
 * that send a high volume of records nobody follows (prediction logs, heartbeats) are
 * better left unobserved.
 */
public final class ObservedKafka {

	private final ObservationRegistry registry;

	private final KafkaAdmin admin;

	private final Executor background;

	/**
	 * Creates the helper; the app has one bean of it.
	 * @param registry the app's observation registry
	 * @param admin the app's admin, asked for the cluster id in the background; or
	 * {@code null}
	 * @param background where that look-up runs
	 */
	public ObservedKafka(ObservationRegistry registry, KafkaAdmin admin, Executor background) {
		this.registry = registry;
		this.admin = admin;
		this.background = background;
	}

	/**
	 * Turns observation on for a template.
	 * @param template the template, before its first send
	 * @param <K> key type
	 * @param <V> value type
	 * @return the same template
	 */
	public <K, V> KafkaTemplate<K, V> observe(KafkaTemplate<K, V> template) {
		template.setObservationEnabled(true);
		template.setObservationRegistry(this.registry);
		if (this.admin != null) {
			template.setKafkaAdmin(prompt(this.admin, this.background));
		}
		return template;
	}

	static KafkaAdmin prompt(KafkaAdmin admin, Executor background) {
		return (admin instanceof PromptClusterIdAdmin) ? admin : new PromptClusterIdAdmin(admin, background);
	}

}
