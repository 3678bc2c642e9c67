package dev.mlpipeline.tracing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Gives every Kafka template of the app, Boot's and those an app builds through
 * {@link ObservedKafka}, a cluster id that never blocks a send: without it an observed
 * send asks the broker first, and with the broker down every send (and so every
 * {@code 503} an app answers within seconds) waits 30 s.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaTemplate.class)
public class TracingAutoConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService pipelineClusterIdLookups() {
		return Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "kafka-cluster-id");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Bean
	ObservedKafka pipelineObservedKafka(ObjectProvider<ObservationRegistry> registry, ObjectProvider<KafkaAdmin> admin,
			ExecutorService pipelineClusterIdLookups) {
		return new ObservedKafka(registry.getIfUnique(() -> ObservationRegistry.NOOP), admin.getIfUnique(),
				pipelineClusterIdLookups);
	}

	/**
	 * Leaves serving's heartbeats and prediction logs unobserved (Boot gives every
	 * predicate bean to the observation registry).
	 */
	@Bean
	ObservationPredicate pipelineQuietTopics() {
		return QuietTopics::observed;
	}

	/**
	 * Runs with the other singletons' own initialization: a template that already found
	 * the app's admin gets it wrapped, one that has not yet finds one set and keeps it.
	 */
	@Bean
	static SmartInitializingSingleton pipelinePromptClusterIds(ApplicationContext context) {
		return () -> {
			KafkaAdmin appAdmin = context.getBeanProvider(KafkaAdmin.class).getIfUnique();
			Executor background = context.getBean("pipelineClusterIdLookups", Executor.class);
			for (KafkaTemplate<?, ?> template : context.getBeansOfType(KafkaTemplate.class, false, false).values()) {
				KafkaAdmin admin = (template.getKafkaAdmin() != null) ? template.getKafkaAdmin() : appAdmin;
				if (admin != null) {
					template.setKafkaAdmin(ObservedKafka.prompt(admin, background));
				}
			}
		};
	}

}
