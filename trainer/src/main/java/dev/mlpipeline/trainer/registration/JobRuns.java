package dev.mlpipeline.trainer.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.RunStatus;
import dev.mlpipeline.trainer.training.JobValidator;
import dev.mlpipeline.trainer.training.PreparedJob;

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

	/** Who published the job ({@code TrainingRequested.requestedBy}). */
	public static final String REQUESTED_BY = "requested_by";

	/** The Weka class name of the classifier. */
	public static final String ALGORITHM = "algorithm";

	/** The job's {@code dataset.uri}. */
	public static final String DATASET = "dataset";

	/** The model version the run was registered as: the job is done. */
	public static final String REGISTERED_VERSION = "registered_version";

	/** When the registered version became READY (ISO-8601). */
	public static final String REGISTERED_AT = "registered_at";

	/**
	 * The registry source of the registered version: {@code models:/m-<id>} on MLflow 3,
	 * the run's {@code model/} directory on MLflow 2. Runs registered before it was
	 * recorded have the latter.
	 */
	public static final String REGISTERED_SOURCE = "registered_source";

	/** The MLflow 3 LoggedModel the run logged its model as. */
	public static final String MODEL_ID = "model_id";

	/** The SHA-256 of the run's model file. */
	public static final String SHA256 = "sha256";

	/** Why the job failed for good: the job is done, as FAILED. */
	public static final String FAILURE_REASON = "failure_reason";

	/** Why the candidate's scoring cost could not be measured. */
	public static final String COST_NOT_MEASURED = "cost_not_measured";

	/** When the job failed for good (ISO-8601). */
	public static final String FAILED_AT = "failed_at";

	/**
	 * Why an attempt was given up (the trainer died or MLflow failed mid-way); the job is
	 * retried.
	 */
	public static final String ABANDONED_REASON = "abandoned_reason";

	/**
	 * SHA-256 of the job's body ({@link #fingerprint}): tells a redelivered job from a
	 * different job that reuses its id.
	 */
	public static final String FINGERPRINT = "job_fingerprint";

	/**
	 * Where a running attempt is: {@code loading}, {@code cross-validating},
	 * {@code evaluating}, {@code fitting} or {@code registering}.
	 */
	public static final String PHASE = "phase";

	/** The fold being cross-validated (1-based), while {@link #PHASE} says so. */
	public static final String FOLD = "fold";

	/** How many folds the cross-validation has. */
	public static final String FOLDS = "folds";

	private static final String EXPERIMENTS_SEARCH = "/api/2.0/mlflow/experiments/search";

	/** MLflow's {@code experiments/search} refuses a request without a positive limit. */
	private static final int EXPERIMENT_PAGE_SIZE = 1000;

	/** Experiments per {@code runs/search}, so a request stays of reasonable size. */
	private static final int EXPERIMENTS_PER_SEARCH = 100;

	private final MlflowTracking tracking;

	private final MlflowConnection connection;

	/**
	 * Reads jobs' runs.
	 * @param tracking runs and experiments
	 * @param connection the same MLflow, for listing every experiment (which
	 * {@link MlflowTracking} does not offer)
	 */
	public JobRuns(MlflowTracking tracking, MlflowConnection connection) {
		this.tracking = tracking;
		this.connection = connection;
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

	/**
	 * The runs of a job in any experiment: how a job is found from its id alone.
	 * @param jobId the job id, already checked to be a safe token
	 * @return the runs, newest first
	 */
	public List<Run> findAnywhere(String jobId) {
		if (!JobValidator.JOB_ID.matcher(jobId).matches()) {
			throw new IllegalArgumentException("Not a job id: " + jobId);
		}
		List<String> experiments = experimentIds();
		List<Run> runs = new ArrayList<>();
		for (int from = 0; from < experiments.size(); from += EXPERIMENTS_PER_SEARCH) {
			List<String> some = experiments.subList(from, Math.min(experiments.size(), from + EXPERIMENTS_PER_SEARCH));
			this.tracking.searchRuns(some, "tags." + JOB_ID + " = '" + jobId + "'")
				.stream()
				.filter((run) -> jobId.equals(run.tags().get(JOB_ID)))
				.forEach(runs::add);
		}
		runs.sort(Comparator.comparing((Run run) -> (run.startTime() != null) ? run.startTime() : 0L).reversed());
		return runs;
	}

	/** The ids of every active experiment, following every page. */
	private List<String> experimentIds() {
		List<String> ids = new ArrayList<>();
		String pageToken = null;
		do {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("max_results", EXPERIMENT_PAGE_SIZE);
			if (pageToken != null) {
				body.put("page_token", pageToken);
			}
			JsonNode answer = this.connection.post(EXPERIMENTS_SEARCH, body);
			answer.path("experiments").forEach((experiment) -> {
				JsonNode id = experiment.get("experiment_id");
				if (id != null && !id.isNull()) {
					ids.add(id.asString());
				}
			});
			JsonNode next = answer.get("next_page_token");
			pageToken = (next != null && !next.isNull()) ? next.asString() : null;
		}
		while (pageToken != null && !pageToken.isEmpty());
		return ids;
	}

	/**
	 * The fingerprint of a job's body: model name, data set (uri and class attribute),
	 * algorithm, options and evaluation, not its id nor when it was requested. Each field
	 * is written with its length, so no two bodies share an encoding.
	 * @param job the job
	 * @return the hex SHA-256 of the canonical body
	 */
	public static String fingerprint(TrainingRequested job) {
		TrainingRequested.Dataset dataset = job.dataset();
		TrainingRequested.Evaluation evaluation = job.evaluation();
		StringBuilder canonical = new StringBuilder("training-job/1\n");
		field(canonical, "modelName", job.modelName());
		field(canonical, "dataset.uri", (dataset != null) ? dataset.uri() : null);
		field(canonical, "dataset.classAttribute", (dataset != null) ? dataset.classAttribute() : null);
		field(canonical, "algorithm", job.algorithm());
		field(canonical, "options", job.options());
		field(canonical, "evaluation.folds", (evaluation != null) ? evaluation.folds() : null);
		field(canonical, "evaluation.seed", (evaluation != null) ? evaluation.seed() : null);
		field(canonical, "evaluation.holdoutFraction", (evaluation != null) ? evaluation.holdoutFraction() : null);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static void field(StringBuilder canonical, String name, Object value) {
		String text = (value != null) ? value.toString().strip() : "";
		canonical.append(name).append('=').append(text.length()).append(':').append(text).append('\n');
	}

	/**
	 * A run of this job id that belongs to a different job. A run without a fingerprint
	 * (recorded before fingerprints were) counts as the same job only when its params
	 * show the same body.
	 * @param job the job as received
	 * @param runs the runs of its id
	 * @return the first run of a different job, empty when every run is this job's
	 */
	public static Optional<Run> conflicting(TrainingRequested job, List<Run> runs) {
		String fingerprint = fingerprint(job);
		return runs.stream().filter((run) -> !sameJob(job, fingerprint, run)).findFirst();
	}

	private static boolean sameJob(TrainingRequested job, String fingerprint, Run run) {
		String recorded = run.tags().get(FINGERPRINT);
		if (recorded != null) {
			return recorded.equals(fingerprint);
		}
		Map<String, String> expected = PreparedJob.identifyingParams(job);
		return !expected.isEmpty() && expected.entrySet()
			.stream()
			.allMatch((param) -> param.getValue().equals(run.params().get(param.getKey())));
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
