package dev.mlpipeline.trainer.job;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.event.TrainingRequested.Dataset;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.trainer.registration.JobRuns;

import dev.mlpipeline.kafka.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusServiceTests {

	final MlflowConnection connection = new MlflowConnection(
			MlflowProperties.of(MlflowServer.uri()).withRetry(2, Duration.ofMillis(20), Duration.ofMillis(50)));

	final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	final JobStatusService statuses = new JobStatusService(
			new JobRuns(new MlflowTracking(this.connection), this.connection), this.clock);

	@Test
	void aJobPublishedHereReadsQueuedFromItsIdAloneUntilItsRetentionEnds() {
		TrainingRequested job = job();
		this.statuses.published(job);
		JobStatus status = this.statuses.status(null, job.jobId());
		assertThat(status.status()).isEqualTo("QUEUED");
		assertThat(status.modelName()).isEqualTo(job.modelName());
		assertThat(this.statuses.status(job.modelName(), job.jobId()).status()).isEqualTo("QUEUED");
		assertThatThrownBy(() -> this.statuses.status("another-model", job.jobId()))
			.isInstanceOf(JobNotFoundException.class);
		this.clock.advance(RecentJobs.RETENTION.plusSeconds(1));
		assertThatThrownBy(() -> this.statuses.status(null, job.jobId())).isInstanceOf(JobNotFoundException.class);
	}

	@Test
	void aJobIdNobodyPublishedIsNotFound() {
		String jobId = job().jobId();
		assertThatThrownBy(() -> this.statuses.status(null, jobId)).isInstanceOf(JobNotFoundException.class)
			.hasMessageContaining("No job '" + jobId + "'");
	}

	private static TrainingRequested job() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		return new TrainingRequested("job-" + suffix, "queued-" + suffix, new Dataset("builtin:iris", null), "J48",
				null, null, Instant.now(), null);
	}

}
