package dev.mlpipeline.trainer.job;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.trainer.TrainerProperties;
import dev.mlpipeline.trainer.registration.JobRuns;

/**
 * Wires the HTTP side of jobs, with its own bounded scheduler for blocking calls so a
 * burst of requests never runs on the Netty event loop nor competes with training.
 */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {

	@Bean(destroyMethod = "dispose")
	Scheduler jobRequestScheduler(TrainerProperties properties) {
		return Schedulers.newBoundedElastic(4 * properties.workers(), 256, "trainer-http");
	}

	@Bean
	JobPublisher jobPublisher(EventPublisher events) {
		return new JobPublisher(events);
	}

	@Bean
	JobStatusService jobStatusService(JobRuns jobRuns) {
		return new JobStatusService(jobRuns);
	}

}
