package dev.mlpipeline.trainer.registration;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.kafka.EventPublisher;
import dev.mlpipeline.kafka.TransientFailure;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.trainer.TrainerProperties;
import dev.mlpipeline.trainer.champion.ChampionComparison;
import dev.mlpipeline.trainer.cost.CostMeter;
import dev.mlpipeline.trainer.training.JobValidator;
import dev.mlpipeline.trainer.training.ModelPackager;
import dev.mlpipeline.trainer.training.ModelTrainer;

/**
 * Wires the job pipeline: the bounded pool that trains, MLflow recording and
 * registration, the outcome events, and which failures the shared Kafka error handler
 * retries until they pass (MLflow down, Kafka not acknowledging) instead of
 * dead-lettering the job.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService trainingWorkers(TrainerProperties properties) {
		AtomicInteger count = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(properties.workers(), (task) -> {
			Thread thread = new Thread(task, "trainer-worker-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		// training runs inside the job's trace: what the worker observes (and logs, with
		// trace ids) belongs to the job's listener span
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
		return ContextExecutorService.wrap(pool, snapshots::captureAll);
	}

	@Bean
	JobRuns jobRuns(MlflowTracking tracking, MlflowConnection connection) {
		return new JobRuns(tracking, connection);
	}

	@Bean
	TrainingEvents trainingEvents(EventPublisher events) {
		return new TrainingEvents(events);
	}

	@Bean
	ModelLogging modelLogging(MlflowCapabilities capabilities, LoggedModels loggedModels, MlflowTracking tracking,
			MlflowArtifacts artifacts) {
		return new ModelLogging(capabilities, loggedModels, tracking, artifacts);
	}

	@Bean
	JobProcessor jobProcessor(MlflowTracking tracking, ModelLogging modelLogging, ModelRegistry registry,
			JobRuns jobRuns, JobValidator validator, ModelTrainer trainer, ModelPackager packager,
			ChampionComparison championComparison, CostMeter costMeter, TrainingEvents events,
			ExecutorService trainingWorkers, TrainerProperties properties, Clock clock,
			ObjectProvider<ObservationRegistry> observations) {
		return new JobProcessor(tracking, modelLogging, registry, jobRuns, validator, trainer, packager,
				championComparison, costMeter, events, trainingWorkers, properties, clock,
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	TransientFailure mlflowOrKafkaUnavailable() {
		return (failure) -> failure instanceof MlflowUnavailableException || failure instanceof RetryLaterException;
	}

}
