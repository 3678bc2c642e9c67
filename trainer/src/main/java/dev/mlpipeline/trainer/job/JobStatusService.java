package dev.mlpipeline.trainer.job;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.trainer.registration.JobRuns;
import dev.mlpipeline.trainer.registration.JobState;
import dev.mlpipeline.trainer.training.InvalidJobException;
import dev.mlpipeline.trainer.training.TrainingPhase;

/**
 * Answers "where is my job?" and "was this job published before?" from MLflow's runs
 * (searched by job id across every experiment, or in one model's), so every trainer
 * replica gives the same answer whichever one trained the job; only "published here, not
 * started yet" is this replica's own memory.
 */
class JobStatusService {

	private final JobRuns jobRuns;

	private final RecentJobs recent;

	JobStatusService(JobRuns jobRuns, Clock clock) {
		this.jobRuns = jobRuns;
		this.recent = new RecentJobs(clock);
	}

	/**
	 * The status of a job.
	 * @param modelName the job's model, to narrow the search; {@code null} to find the
	 * job from its id alone
	 * @param jobId the job id, already checked to be a safe token
	 * @return the status
	 * @throws JobNotFoundException when no run records the job and it was not published
	 * here lately
	 * @throws InvalidJobException naming {@code modelName} when jobs of several models
	 * share the id and none was named
	 */
	JobStatus status(String modelName, String jobId) {
		List<Run> runs = (modelName != null) ? this.jobRuns.findByModel(modelName, jobId)
				: this.jobRuns.findAnywhere(jobId);
		if (runs.isEmpty()) {
			return this.recent.find(jobId)
				.filter((job) -> modelName == null || job.modelName().equals(modelName))
				.map((job) -> new JobStatus(jobId, job.modelName(), "QUEUED", null, null, null, null)
					.by(job.requestedBy()))
				.orElseThrow(() -> new JobNotFoundException(jobId, modelName));
		}
		if (modelName != null) {
			return status(modelName, jobId, runs);
		}
		Set<String> models = runs.stream()
			.map(JobStatusService::modelOf)
			.collect(Collectors.toCollection(TreeSet::new));
		if (models.size() > 1) {
			throw new InvalidJobException("modelName", "jobs of several models use the id '" + jobId + "' ("
					+ String.join(", ", models) + "): add ?modelName=<one of them>");
		}
		return status(models.iterator().next(), jobId, runs);
	}

	/**
	 * Remembers a job just put on Kafka, so its status reads QUEUED until its training
	 * starts.
	 * @param job the published job
	 */
	void published(TrainingRequested job) {
		this.recent.published(job.jobId(), job.modelName(), job.requestedBy());
	}

	/**
	 * The status of the same job published before under this id, if it was. The id is
	 * looked up in every experiment: a job id names one job, whatever its model, so
	 * {@code GET /jobs/{jobId}} finds it from the id alone.
	 * @param job a validated job
	 * @return the earlier job's status, empty when the id has no run yet
	 * @throws JobConflictException when the id's runs belong to a different job
	 */
	Optional<JobStatus> previous(TrainingRequested job) {
		List<Run> runs = this.jobRuns.findAnywhere(job.jobId());
		if (runs.isEmpty()) {
			return Optional.empty();
		}
		Optional<Run> conflicting = JobRuns.conflicting(job, runs);
		if (conflicting.isPresent()) {
			String model = modelOf(conflicting.get());
			List<Run> theirs = runs.stream().filter((run) -> modelOf(run).equals(model)).toList();
			JobStatus status = status(model, job.jobId(), theirs);
			String runId = (status.runId() != null) ? status.runId() : conflicting.get().id();
			throw new JobConflictException(
					new JobStatus(job.jobId(), model, status.status(), runId, status.version(), null, null));
		}
		return Optional.of(status(job.modelName(), job.jobId(), runs));
	}

	private static String modelOf(Run run) {
		return run.tags().getOrDefault(JobRuns.MODEL_NAME, "");
	}

	private static JobStatus status(String modelName, String jobId, List<Run> runs) {
		JobState state = JobRuns.state(runs);
		Run run = state.run();
		String requestedBy = runs.stream()
			.map((each) -> each.tags().get(JobRuns.REQUESTED_BY))
			.filter((user) -> user != null)
			.findFirst()
			.orElse(null);
		return phaseStatus(modelName, jobId, state, run).by(requestedBy);
	}

	private static JobStatus phaseStatus(String modelName, String jobId, JobState state, Run run) {
		return switch (state.phase()) {
			case QUEUED -> new JobStatus(jobId, modelName, "QUEUED", null, null, null, null);
			case RUNNING -> running(modelName, jobId, run);
			case REGISTERED -> new JobStatus(jobId, modelName, "REGISTERED", run.id(),
					run.tags().get(JobRuns.REGISTERED_VERSION), overall(run.metrics()), null);
			case FAILED ->
				new JobStatus(jobId, modelName, "FAILED", run.id(), null, null, run.tags().get(JobRuns.FAILURE_REASON));
		};
	}

	private static JobStatus running(String modelName, String jobId, Run run) {
		String phase = run.tags().get(JobRuns.PHASE);
		JobStatus.Progress progress = null;
		if (TrainingPhase.CROSS_VALIDATING.label().equals(phase)) {
			try {
				progress = new JobStatus.Progress(Integer.parseInt(run.tags().get(JobRuns.FOLD)),
						Integer.parseInt(run.tags().get(JobRuns.FOLDS)));
			}
			catch (NumberFormatException ex) {
				// a run tagged by hand, or by another tool: the phase alone is still true
			}
		}
		return new JobStatus(jobId, modelName, "RUNNING", run.id(), null, null, null, phase, progress, null);
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
