package dev.mlpipeline.trainer.job;

import java.util.Map;
import java.util.TreeMap;

import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.trainer.registration.JobRuns;
import dev.mlpipeline.trainer.registration.JobState;

/**
 * Answers "where is my job?" from MLflow's runs alone, so every trainer replica gives the
 * same answer whichever one trained the job.
 */
class JobStatusService {

	private final JobRuns jobRuns;

	JobStatusService(JobRuns jobRuns) {
		this.jobRuns = jobRuns;
	}

	JobStatus status(String modelName, String jobId) {
		JobState state = JobRuns.state(this.jobRuns.findByModel(modelName, jobId));
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
