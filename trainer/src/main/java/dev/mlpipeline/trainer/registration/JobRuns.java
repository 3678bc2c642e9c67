package dev.mlpipeline.trainer.registration;

import java.util.List;
import java.util.Optional;

import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.RunStatus;
import dev.mlpipeline.trainer.training.JobValidator;

/**
 * MLflow is the trainer's memory of a job: its runs, found by their {@code job_id} tag,
 * say whether a job was registered, failed for good, or is training. This class names the
 * run tags that carry that memory and reads it back, so idempotent redelivery and
 * {@code GET /jobs/{jobId}} agree on any replica.
 */
public class JobRuns {

	/** The job a run trains. */
	public static final String JOB_ID = "job_id";

	/** The registered model the job trains a version of. */
	public static final String MODEL_NAME = "model_name";

	/** The Weka class name of the classifier. */
	public static final String ALGORITHM = "algorithm";

	/** The job's {@code dataset.uri}. */
	public static final String DATASET = "dataset";

	/** The model version the run was registered as: the job is done. */
	public static final String REGISTERED_VERSION = "registered_version";

	/** When the registered version became READY (ISO-8601). */
	public static final String REGISTERED_AT = "registered_at";

	/** The SHA-256 of the run's model file. */
	public static final String SHA256 = "sha256";

	/** Why the job failed for good: the job is done, as FAILED. */
	public static final String FAILURE_REASON = "failure_reason";

	/** When the job failed for good (ISO-8601). */
	public static final String FAILED_AT = "failed_at";

	/**
	 * Why an attempt was given up (the trainer died or MLflow failed mid-way); the job is
	 * retried.
	 */
	public static final String ABANDONED_REASON = "abandoned_reason";

	private final MlflowTracking tracking;

	public JobRuns(MlflowTracking tracking) {
		this.tracking = tracking;
	}

	/**
	 * The runs of a job in an experiment.
	 * @param experimentId the experiment (named after the model)
	 * @param jobId the job id, already checked to be a safe token
	 * @return the runs, newest first
	 */
	public List<Run> find(String experimentId, String jobId) {
		if (!JobValidator.JOB_ID.matcher(jobId).matches()) {
			throw new IllegalArgumentException("Not a job id: " + jobId);
		}
		return this.tracking.searchRuns(List.of(experimentId), "tags." + JOB_ID + " = '" + jobId + "'")
			.stream()
			.filter((run) -> jobId.equals(run.tags().get(JOB_ID)))
			.toList();
	}

	/**
	 * The runs of a job of a model, none when the model's experiment does not exist.
	 * @param modelName the model (its experiment's name)
	 * @param jobId the job id, already checked to be a safe token
	 * @return the runs, newest first
	 */
	public List<Run> findByModel(String modelName, String jobId) {
		return this.tracking.findExperiment(modelName)
			.map((experiment) -> find(experiment.id(), jobId))
			.orElse(List.of());
	}

	static Optional<Run> registered(List<Run> runs) {
		return runs.stream().filter((run) -> run.tags().containsKey(REGISTERED_VERSION)).findFirst();
	}

	static Optional<Run> failedForGood(List<Run> runs) {
		return runs.stream()
			.filter((run) -> run.status() == RunStatus.FAILED && run.tags().containsKey(FAILURE_REASON))
			.findFirst();
	}

	/**
	 * The state of a job as its runs tell it.
	 * @param runs the job's runs
	 * @return the state, with the run that decided it
	 */
	public static JobState state(List<Run> runs) {
		Optional<Run> registered = registered(runs);
		if (registered.isPresent()) {
			return new JobState(JobState.Phase.REGISTERED, registered.get());
		}
		Optional<Run> failed = failedForGood(runs);
		if (failed.isPresent()) {
			return new JobState(JobState.Phase.FAILED, failed.get());
		}
		return runs.stream()
			.filter((run) -> run.status() == RunStatus.RUNNING)
			.findFirst()
			.map((run) -> new JobState(JobState.Phase.RUNNING, run))
			.orElse(new JobState(JobState.Phase.QUEUED, null));
	}

}
