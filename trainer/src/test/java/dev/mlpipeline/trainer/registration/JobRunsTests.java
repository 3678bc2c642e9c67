package dev.mlpipeline.trainer.registration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.kafka.event.TrainingRequested.Dataset;
import dev.mlpipeline.kafka.event.TrainingRequested.Evaluation;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.RunStatus;

import static org.assertj.core.api.Assertions.assertThat;

class JobRunsTests {

	@Test
	void aJobWithoutRunsIsQueued() {
		assertThat(JobRuns.state(List.of())).isEqualTo(new JobState(JobState.Phase.QUEUED, null));
	}

	@Test
	void aJobWhoseOnlyAttemptWasAbandonedIsQueuedForItsRetry() {
		Run abandoned = run("r1", RunStatus.FAILED, Map.of(JobRuns.ABANDONED_REASON, "stopped"));
		assertThat(JobRuns.state(List.of(abandoned)).phase()).isEqualTo(JobState.Phase.QUEUED);
	}

	@Test
	void aJobWithARunningAttemptIsRunning() {
		Run running = run("r2", RunStatus.RUNNING, Map.of());
		Run abandoned = run("r1", RunStatus.FAILED, Map.of(JobRuns.ABANDONED_REASON, "stopped"));
		assertThat(JobRuns.state(List.of(running, abandoned))).isEqualTo(new JobState(JobState.Phase.RUNNING, running));
	}

	@Test
	void aRegisteredVersionDecidesWhateverElseHappened() {
		Run registered = run("r2", RunStatus.FINISHED, Map.of(JobRuns.REGISTERED_VERSION, "3"));
		Run abandoned = run("r1", RunStatus.FAILED, Map.of(JobRuns.ABANDONED_REASON, "stopped"));
		assertThat(JobRuns.state(List.of(abandoned, registered)))
			.isEqualTo(new JobState(JobState.Phase.REGISTERED, registered));
	}

	@Test
	void aRunFailedForGoodMakesTheJobFailed() {
		Run failed = run("r1", RunStatus.FAILED, Map.of(JobRuns.FAILURE_REASON, "algorithm: unknown"));
		assertThat(JobRuns.state(List.of(failed))).isEqualTo(new JobState(JobState.Phase.FAILED, failed));
	}

	@Test
	void theRegistrationEventIsBuiltFromTheRunAloneSoARedeliveryRepeatsItExactly() {
		Run run = new Run("r9", "1", "job-9", RunStatus.FINISHED, "mlflow-artifacts:/1/r9/artifacts", 1L, 2L, Map.of(),
				Map.of("accuracy", 0.96, "kappa", 0.94, "precision.Iris-setosa", 1.0),
				Map.of(JobRuns.JOB_ID, "job-9", JobRuns.REGISTERED_VERSION, "4", JobRuns.ALGORITHM,
						"weka.classifiers.trees.J48", JobRuns.SHA256, "abc", JobRuns.REGISTERED_AT,
						"2025-01-02T03:04:05Z"),
				List.of());
		ModelRegistered event = JobProcessor.registeredEvent("iris", run);
		assertThat(event).isEqualTo(JobProcessor.registeredEvent("iris", run));
		assertThat(event.eventId()).isEqualTo(JobProcessor.eventId("model-registered", "job-9"));
		assertThat(event.version()).isEqualTo("4");
		assertThat(event.metrics()).containsOnlyKeys("accuracy", "kappa");
		assertThat(event.artifactUri()).isEqualTo("mlflow-artifacts:/1/r9/artifacts/model");
		assertThat(event.registeredAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
	}

	@Test
	void theRegistrationEventOfAnMlflow3RunNamesTheLoggedModelTheVersionWasRegisteredFrom() {
		Run run = new Run("r9", "1", "job-9", RunStatus.FINISHED, "mlflow-artifacts:/1/r9/artifacts", 1L, 2L, Map.of(),
				Map.of("accuracy", 0.96),
				Map.of(JobRuns.JOB_ID, "job-9", JobRuns.REGISTERED_VERSION, "4", JobRuns.ALGORITHM,
						"weka.classifiers.trees.J48", JobRuns.SHA256, "abc", JobRuns.REGISTERED_AT,
						"2025-01-02T03:04:05Z", JobRuns.REGISTERED_SOURCE, "models:/m-0a1b", JobRuns.MODEL_ID,
						"m-0a1b"),
				List.of("m-0a1b"));
		assertThat(JobProcessor.registeredEvent("iris", run).artifactUri()).isEqualTo("models:/m-0a1b");
	}

	@Test
	void theFailureEventCarriesTheRecordedReason() {
		Run run = run("r1", RunStatus.FAILED,
				Map.of(JobRuns.FAILURE_REASON, "algorithm: unknown", JobRuns.FAILED_AT, "2025-01-02T03:04:05Z"));
		TrainingRequested job = new TrainingRequested("job-1", "iris", null, "Nope", null, null, null, null);
		TrainingFailed event = JobProcessor.failedEvent(job, run);
		assertThat(event).isEqualTo(new TrainingFailed(JobProcessor.eventId("training-failed", "job-1"), "job-1",
				"iris", "algorithm: unknown", Instant.parse("2025-01-02T03:04:05Z")));
	}

	@Test
	void theFingerprintCoversTheBodyButNotTheIdNorTheTime() {
		TrainingRequested job = job("job-1", "ZeroR", null, Instant.parse("2025-01-01T00:00:00Z"));
		assertThat(JobRuns.fingerprint(job))
			.isEqualTo(JobRuns.fingerprint(job("job-2", "ZeroR", null, Instant.parse("2026-01-01T00:00:00Z"))))
			.isNotEqualTo(JobRuns.fingerprint(job("job-1", "RandomForest", null, null)))
			.isNotEqualTo(JobRuns.fingerprint(job("job-1", "ZeroR", "-X", null)))
			.hasSize(64);
		TrainingRequested other = new TrainingRequested("job-1", "iris", new Dataset("builtin:iris", null), "ZeroR",
				null, new Evaluation(5, 1L, null), null, null);
		assertThat(JobRuns.fingerprint(other)).isNotEqualTo(JobRuns.fingerprint(job));
		// fields are length-prefixed: moving text from one field to the next changes it
		TrainingRequested shifted = new TrainingRequested("job-1", "iris", new Dataset("builtin:iris", "a"), "ZeroR",
				null, null, null, null);
		TrainingRequested unshifted = new TrainingRequested("job-1", "iris", new Dataset("builtin:iris", null),
				"aZeroR", null, null, null, null);
		assertThat(JobRuns.fingerprint(shifted)).isNotEqualTo(JobRuns.fingerprint(unshifted));
	}

	@Test
	void aRunOfTheSameBodyIsTheSameJobAndARunOfAnotherBodyConflicts() {
		TrainingRequested zeroR = job("job-1", "ZeroR", null, null);
		Run same = run("r1", RunStatus.FINISHED, Map.of(JobRuns.FINGERPRINT, JobRuns.fingerprint(zeroR)));
		Run other = run("r2", RunStatus.FINISHED,
				Map.of(JobRuns.FINGERPRINT, JobRuns.fingerprint(job("job-1", "RandomForest", null, null))));
		assertThat(JobRuns.conflicting(zeroR, List.of(same))).isEmpty();
		assertThat(JobRuns.conflicting(zeroR, List.of(same, other))).contains(other);
		assertThat(JobRuns.conflicting(zeroR, List.of())).isEmpty();
	}

	@Test
	void aRunRecordedBeforeFingerprintsIsTheSameJobOnlyWhenItsParamsShowTheSameBody() {
		TrainingRequested zeroR = job("job-1", "ZeroR", null, null);
		Map<String, String> params = Map.of("algorithm", "weka.classifiers.rules.ZeroR", "options", "", "dataset",
				"builtin:iris", "evaluation", "10-fold cross-validation, seed 1", "class_attribute", "class");
		Run legacy = new Run("r1", "1", "job-1", RunStatus.FINISHED, "a", 1L, 2L, params, Map.of(),
				Map.of(JobRuns.JOB_ID, "job-1"), List.of());
		assertThat(JobRuns.conflicting(zeroR, List.of(legacy))).isEmpty();
		assertThat(JobRuns.conflicting(job("job-1", "RandomForest", null, null), List.of(legacy))).contains(legacy);
		assertThat(JobRuns.conflicting(job("job-1", "ZeroR", "-output-debug-info", null), List.of(legacy)))
			.contains(legacy);
		Run withoutParams = run("r2", RunStatus.FAILED, Map.of(JobRuns.JOB_ID, "job-1"));
		assertThat(JobRuns.conflicting(zeroR, List.of(withoutParams))).contains(withoutParams);
	}

	private static TrainingRequested job(String jobId, String algorithm, String options, Instant requestedAt) {
		return new TrainingRequested(jobId, "iris", new Dataset("builtin:iris", null), algorithm, options, null,
				requestedAt, null);
	}

	private static Run run(String id, RunStatus status, Map<String, String> tags) {
		return new Run(id, "1", id, status, "mlflow-artifacts:/1/" + id + "/artifacts", 1L, null, Map.of(), Map.of(),
				tags, List.of());
	}

}
