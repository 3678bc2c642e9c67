package dev.mlpipeline.trainer.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.trainer.registration.JobRuns;
import dev.mlpipeline.trainer.registration.JobState;

/**
 * Answers "where is my job?" and "was this job published before?" from MLflow's runs
 * alone, so every trainer replica gives the same answer whichever one trained the job.
 */
class JobStatusService {

	private final JobRuns jobRuns;

	JobStatusService(JobRuns jobRuns) {
		this.jobRuns = jobRuns;
	}

	JobStatus status(String modelName, String jobId) {
		return status(modelName, jobId, this.jobRuns.findByModel(modelName, jobId));
	}

	/**
	 * The status of the same job published before under this id, if it was.
	 * @param job a validated job
	 * @return the earlier job's status, empty when the id has no run yet
	 * @throws JobConflictException when the id's runs belong to a different job
	 */
	Optional<JobStatus> previous(TrainingRequested job) {
		List<Run> runs = this.jobRuns.findByModel(job.modelName(), job.jobId());
		if (runs.isEmpty()) {
			return Optional.empty();
		}
		Optional<Run> conflicting = JobRuns.conflicting(job, runs);
		if (conflicting.isPresent()) {
			JobStatus status = status(job.modelName(), job.jobId(), runs);
			String runId = (status.runId() != null) ? status.runId() : conflicting.get().id();
			throw new JobConflictException(
					new JobStatus(job.jobId(), job.modelName(), status.status(), runId, status.version(), null, null));
		}
		return Optional.of(status(job.modelName(), job.jobId(), runs));
	}

	private static JobStatus status(String modelName, String jobId, List<Run> runs) {
		JobState state = JobRuns.state(runs);
		Run run = state.run();
		return switch (state.phase()) {
			case QUEUED -> new JobStatus(jobId, modelName, "QUEUED", null, null, null, null);
			case RUNNING -> new JobStatus(jobId, modelName, "RUNNING", run.id(), null, null, null);
			case REGISTERED -> new JobStatus(jobId, modelName, "REGISTERED", run.id(),
					run.tags().get(JobRuns.REGISTERED_VERSION), overall(run.metrics()), null);
			case FAILED ->
				new JobStatus(jobId, modelName, "FAILED", run.id(), null, null, run.tags().get(JobRuns.FAILURE_REASON));
		};
	}

	private static Map<String, Double> overall(Map<String, Double> metrics) {
		Map<String, Double> overall = new TreeMap<>();
		metrics.forEach((name, value) -> {
			if (!name.contains(".")) {
				overall.put(name, value);
			}
		});
		return overall;
	}

}
