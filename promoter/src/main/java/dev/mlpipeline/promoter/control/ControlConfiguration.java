package dev.mlpipeline.promoter.control;

import dev.mlpipeline.promoter.PromotionProperties;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the REST API a bounded worker pool for its blocking MLflow calls, so they never
 * run on the Netty event loop.
 */
@Configuration(proxyBeanMethods = false)
class ControlConfiguration {

	/** Requests waiting for a worker before new ones are refused. */
	private static final int QUEUED_TASKS = 1000;

	@Bean(destroyMethod = "dispose")
	Scheduler registryScheduler(PromotionProperties properties) {
		return Schedulers.newBoundedElastic(properties.registryThreads(), QUEUED_TASKS, "registry");
	}

}
