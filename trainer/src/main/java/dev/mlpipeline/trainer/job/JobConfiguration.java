package dev.mlpipeline.trainer.job;

import java.time.Clock;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.ProducerFactory;

import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;
import dev.mlpipeline.trainer.TrainerProperties;
import dev.mlpipeline.trainer.registration.JobRuns;
import dev.mlpipeline.tracing.ObservedKafka;

/**
 * Wires the HTTP side of jobs, with its own bounded scheduler for blocking calls so a
 * burst of requests never runs on the Netty event loop nor competes with training, and
 * its own bounded producer so a {@code 503} is true.
 */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {

	@Bean(destroyMethod = "dispose")
	Scheduler jobRequestScheduler(TrainerProperties properties) {
		return Schedulers.newBoundedElastic(4 * properties.workers(), 256, "trainer-http");
	}

	@Bean
	@SuppressWarnings("unchecked")
	JobPublisher jobPublisher(ProducerFactory<?, ?> producerFactory, TrainerProperties properties,
			ObservedKafka observedKafka) {
		return new JobPublisher((ProducerFactory<String, Object>) producerFactory, properties.publish(), observedKafka);
	}

	@Bean
	JobStatusService jobStatusService(JobRuns jobRuns, Clock clock) {
		return new JobStatusService(jobRuns, clock);
	}

	/**
	 * What the trainer's API is, for its OpenAPI description ({@code /v3/api-docs},
	 * checked in as {@code docs/openapi/trainer.json}).
	 */
	@Bean
	OpenAPI trainerApi() {
		return new OpenAPI().info(new Info().title("trainer")
			.version("1")
			.description("Publishes training jobs onto Kafka and reports their status from MLflow."));
	}

	/**
	 * Who may use the job API: publishing a job needs the trainer role; reading a job's
	 * status, like every read, the viewer role.
	 */
	@Bean
	AccessRules accessRules() {
		return AccessRules.builder().require(PipelineRole.TRAINER, HttpMethod.POST, "/jobs").build();
	}

}
