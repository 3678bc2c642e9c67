package dev.mlpipeline.trainer.registration;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import weka.core.Instances;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.TrainingFailed;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.MlflowException;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.RunStatus;
import dev.mlpipeline.mlflow.evaluation.ChampionScoring;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.ModelFileException;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.trainer.TrainerProperties;
import dev.mlpipeline.trainer.champion.ChampionComparison;
import dev.mlpipeline.trainer.champion.ChampionComparisonRun;
import dev.mlpipeline.trainer.cost.CostMeter;
import dev.mlpipeline.trainer.training.DataFingerprint;
import dev.mlpipeline.trainer.training.EvaluationMetrics;
import dev.mlpipeline.trainer.training.EvaluationObserver;
import dev.mlpipeline.trainer.training.InvalidJobException;
import dev.mlpipeline.trainer.training.JobValidator;
import dev.mlpipeline.trainer.training.ModelPackage;
import dev.mlpipeline.trainer.training.ModelPackager;
import dev.mlpipeline.trainer.training.ModelTrainer;
import dev.mlpipeline.trainer.training.PreparedJob;
import dev.mlpipeline.trainer.training.TrainedModel;
import dev.mlpipeline.trainer.training.TrainingException;
import dev.mlpipeline.trainer.training.TrainingPhase;
import dev.mlpipeline.trainer.training.TrainingProgress;

/**
 * Carries one job from its record to its outcome event, idempotently: MLflow's runs
 * (found by {@code job_id}) say whether the job already ended, in which case the same
 * event is sent again and nothing is trained; an attempt that died mid-way is marked
 * FAILED and the job trained afresh. A job whose id already belongs to a different job
 * (its body's fingerprint differs) is refused to the dead-letter topic. Failures of the
 * job itself end as a FAILED run and {@code TrainingFailed}; MLflow or Kafka being
 * unavailable propagates so the record is retried.
 */
class JobProcessor {

	private static final Logger logger = LoggerFactory.getLogger(JobProcessor.class);

	/** The name of the observation of one job's training and registration. */
	static final String TRAINING_OBSERVATION = "pipeline.training";

	/** MLflow's limit on a param value. */
	private static final int MAX_PARAM_LENGTH = 6000;

	/** MLflow's limit on a tag value (runs accept more, versions fewer). */
	private static final int MAX_TAG_LENGTH = 5000;

	private final MlflowTracking tracking;

	private final ModelLogging logging;

	private final ModelRegistry registry;

	private final JobRuns jobRuns;

	private final JobValidator validator;

	private final ModelTrainer trainer;

	private final ModelPackager packager;

	private final ChampionComparison champions;

	private final CostMeter costs;

	private final TrainingEvents events;

	private final ExecutorService workers;

	private final TrainerProperties properties;

	private final Clock clock;

	private final ObservationRegistry observations;

	JobProcessor(MlflowTracking tracking, ModelLogging logging, ModelRegistry registry, JobRuns jobRuns,
			JobValidator validator, ModelTrainer trainer, ModelPackager packager, ChampionComparison champions,
			CostMeter costs, TrainingEvents events, ExecutorService workers, TrainerProperties properties, Clock clock,
			ObservationRegistry observations) {
		this.tracking = tracking;
		this.logging = logging;
		this.registry = registry;
		this.jobRuns = jobRuns;
		this.validator = validator;
		this.trainer = trainer;
		this.packager = packager;
		this.champions = champions;
		this.costs = costs;
		this.events = events;
		this.workers = workers;
		this.properties = properties;
		this.clock = clock;
		this.observations = observations;
	}

	/**
	 * Processes a job to its outcome event.
	 * @param job the job as received
	 * @throws MlflowUnavailableException or {@link RetryLaterException} when a dependency
	 * is down: the record must be retried
	 */
	void process(TrainingRequested job) {
		logger.info("job {}: received for model {}", job.jobId(), job.modelName());
		String experimentName = validModelName(job) ? job.modelName() : this.properties.invalidJobsExperiment();
		Experiment experiment = this.tracking.getOrCreateExperiment(experimentName);
		List<Run> runs = validJobId(job) ? this.jobRuns.find(experiment.id(), job.jobId()) : List.of();
		refuseReusedId(job, runs);
		if (finishedBefore(job, runs) || adoptedRegistration(job, runs)) {
			return;
		}
		abandonUnfinished(job, runs);
		Map<String, String> tags = baseTags(job, null);
		tags.put(JobRuns.PHASE, TrainingPhase.LOADING.label());
		Run run = this.tracking.createRun(experiment.id(), runName(job), tags);
		PreparedJob prepared;
		try {
			prepared = this.validator.prepare(job);
		}
		catch (InvalidJobException ex) {
			logger.warn("job {}: refused, {}", job.jobId(), ex.reason());
			fail(job, run, ex.reason());
			return;
		}
		train(job, prepared, experiment, run);
	}

	/**
	 * A job whose id already belongs to a different job is refused (dead-lettered): its
	 * id's runs, and the event they would re-send, are another job's.
	 */
	private static void refuseReusedId(TrainingRequested job, List<Run> runs) {
		Optional<Run> conflicting = JobRuns.conflicting(job, runs);
		if (conflicting.isEmpty()) {
			return;
		}
		Run run = conflicting.get();
		Map<String, String> details = new LinkedHashMap<>();
		details.put("job_id", job.jobId());
		details.put("existing_run_id", run.id());
		details.put("existing_run_status", String.valueOf(run.status()));
		details.put("existing_fingerprint", run.tags().getOrDefault(JobRuns.FINGERPRINT, "none"));
		details.put("fingerprint", JobRuns.fingerprint(job));
		logger.warn("job {}: refused, the id is already used by a different job (run {})", job.jobId(), run.id());
		throw new RejectedEventException("Job id '" + job.jobId() + "' is already used by a different job (run "
				+ run.id() + ", " + run.status() + "): this job is refused, nothing is trained or announced for it",
				details);
	}

	/** Re-sends the outcome of a job that already ended; {@code true} when it had. */
	private boolean finishedBefore(TrainingRequested job, List<Run> runs) {
		Optional<Run> registered = JobRuns.registered(runs);
		if (registered.isPresent()) {
			Run run = registered.get();
			if (run.status() == RunStatus.RUNNING) {
				// registered, then the trainer died before ending the run: finish it
				run = this.tracking.finishRun(run.id(), RunStatus.FINISHED);
			}
			logger.info("job {}: already registered as version {} by run {}, sending ModelRegistered again",
					job.jobId(), run.tags().get(JobRuns.REGISTERED_VERSION), run.id());
			this.events.registered(registeredEvent(job.modelName(), run));
			return true;
		}
		Optional<Run> failed = JobRuns.failedForGood(runs);
		if (failed.isPresent()) {
			logger.info("job {}: already failed in run {}, sending TrainingFailed again", job.jobId(),
					failed.get().id());
			this.events.failed(failedEvent(job, failed.get()));
			return true;
		}
		return false;
	}

	/**
	 * An attempt that died after its version was created but before its run recorded it:
	 * the version is finished and announced instead of training and registering again, so
	 * the registry never holds a version nobody announced. {@code true} when adopted.
	 */
	private boolean adoptedRegistration(TrainingRequested job, List<Run> runs) {
		List<Run> unfinished = runs.stream().filter((run) -> run.status() == RunStatus.RUNNING).toList();
		if (unfinished.isEmpty() || !validModelName(job)) {
			return false;
		}
		for (ModelVersion version : this.registry.searchModelVersions(job.modelName())) {
			String sha256 = version.tags().get(ModelTags.SHA256);
			Optional<Run> owner = unfinished.stream().filter((run) -> run.id().equals(version.runId())).findFirst();
			if (owner.isPresent() && sha256 != null && version.isReady()) {
				Map<String, String> tags = new LinkedHashMap<>();
				tags.put(JobRuns.REGISTERED_SOURCE, version.source());
				tags.put(JobRuns.SHA256, sha256);
				tags.put(JobRuns.REGISTERED_AT, this.clock.instant().toString());
				tags.put(JobRuns.REGISTERED_VERSION, version.version());
				this.tracking.logBatch(owner.get().id(), Map.of(), Map.of(), tags);
				Run finished = this.tracking.finishRun(owner.get().id(), RunStatus.FINISHED);
				logger.warn("job {}: an earlier attempt registered version {} from run {} and died; finishing it",
						job.jobId(), version.version(), finished.id());
				this.events.registered(registeredEvent(job.modelName(), finished));
				return true;
			}
		}
		return false;
	}

	private void abandonUnfinished(TrainingRequested job, List<Run> runs) {
		for (Run run : runs) {
			if (run.status() == RunStatus.RUNNING) {
				logger.warn("job {}: run {} of an earlier attempt never finished, marking it FAILED and retraining",
						job.jobId(), run.id());
				this.tracking.setTag(run.id(), JobRuns.ABANDONED_REASON,
						"the attempt stopped before it finished; the job was retried");
				this.logging.abandon(run);
				this.tracking.finishRun(run.id(), RunStatus.FAILED);
			}
		}
	}

	/**
	 * Trains and registers one job as the observation {@value #TRAINING_OBSERVATION}: a
	 * timer {@code pipeline.training} for Prometheus and, with tracing on, a span. Its
	 * outcome is {@code registered}, {@code failed} (the job failed) or {@code retried}
	 * (MLflow or Kafka unavailable: the record is retried).
	 */
	private void train(TrainingRequested job, PreparedJob prepared, Experiment experiment, Run run) {
		Observation observation = Observation.createNotStarted(TRAINING_OBSERVATION, this.observations)
			.contextualName("train " + job.modelName())
			.lowCardinalityKeyValue("pipeline.model", job.modelName())
			.lowCardinalityKeyValue("pipeline.algorithm", prepared.algorithm())
			.highCardinalityKeyValue("pipeline.job.id", job.jobId())
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			boolean registered = trainAndRegister(job, prepared, experiment, run);
			observation.lowCardinalityKeyValue("outcome", registered ? "registered" : "failed");
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "retried");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/** {@code true} when the job ended registered, {@code false} when it failed. */
	private boolean trainAndRegister(TrainingRequested job, PreparedJob prepared, Experiment experiment, Run run) {
		logger.info("job {}: run {} training in experiment {}", job.jobId(), run.id(), experiment.name());
		TrainingProgress progress = progress(job, run);
		try {
			String dataSha256 = DataFingerprint.of(prepared.data());
			this.tracking.logBatch(run.id(), limit(prepared.params(), MAX_PARAM_LENGTH), Map.of(),
					Map.of(JobRuns.ALGORITHM, truncate(prepared.algorithm(), 250), ChampionScoring.DATASET_SHA256,
							dataSha256));
			ChampionComparisonRun champion = this.champions.prepare(job.modelName(), prepared.data(), prepared.plan(),
					dataSha256);
			TrainedModel model = trainWithinBudget(prepared, progress, champion.observer());
			progress.reached(TrainingPhase.REGISTERING, 0, 0);
			ModelLogging.Target target = this.logging.open(run, limit(prepared.params(), MAX_PARAM_LENGTH), Map
				.of(JobRuns.JOB_ID, truncate(job.jobId(), 250), JobRuns.ALGORITHM, truncate(model.algorithm(), 250)));
			ModelPackage files = this.packager.pack(model, run.id(), target.modelId(), this.clock.instant());
			Map<String, Double> metrics = new LinkedHashMap<>(model.allMetrics());
			metrics.putAll(champion.metrics());
			Map<String, String> runTags = new LinkedHashMap<>(champion.tags());
			measureCosts(job, prepared, files, champion, metrics, runTags);
			this.logging.logMetrics(run, target, metrics);
			this.tracking.logSeries(run.id(), champion.series());
			this.tracking.logBatch(run.id(), Map.of(), Map.of(), truncateValues(runTags));
			if (champion.paired().isPresent()) {
				files = files.withRunFile(PairedEvaluation.FILE, champion.paired().get().toJson());
			}
			logger.info("job {}: logged {} metrics, uploading artifacts to {}", job.jobId(), metrics.size(),
					target.directory());
			this.logging.upload(run, target, files);
			this.logging.complete(run, target);
			ModelVersion version = register(job, run, model, files, target);
			Map<String, String> tags = new LinkedHashMap<>();
			tags.put(JobRuns.REGISTERED_SOURCE, version.source());
			tags.put(JobRuns.SHA256, files.sha256());
			tags.put(JobRuns.REGISTERED_AT, this.clock.instant().toString());
			tags.put(JobRuns.REGISTERED_VERSION, version.version());
			this.tracking.logBatch(run.id(), Map.of(), Map.of(), tags);
			Run finished = this.tracking.finishRun(run.id(), RunStatus.FINISHED);
			logger.info("job {}: run {} FINISHED, {} version {} READY", job.jobId(), run.id(), job.modelName(),
					version.version());
			this.events.registered(registeredEvent(job.modelName(), finished));
			return true;
		}
		catch (MlflowUnavailableException | RetryLaterException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			fail(job, run, reason(ex));
			return false;
		}
	}

	private static String reason(RuntimeException failure) {
		if (failure instanceof TrainingException || failure instanceof InvalidJobException) {
			return failure.getMessage();
		}
		if (failure instanceof MlflowException) {
			return "MLflow refused the job's records: " + failure.getMessage();
		}
		return "unexpected error: " + failure;
	}

	/**
	 * Records where the training is as run tags ({@link JobRuns#PHASE}, with the fold
	 * while cross-validating), so {@code GET /jobs/{jobId}} can tell it from MLflow. A
	 * tag MLflow does not take is only logged: progress never fails a job.
	 */
	private TrainingProgress progress(TrainingRequested job, Run run) {
		return (phase, fold, folds) -> {
			Map<String, String> tags = new LinkedHashMap<>();
			tags.put(JobRuns.PHASE, phase.label());
			if (folds > 0) {
				tags.put(JobRuns.FOLD, String.valueOf(fold));
				tags.put(JobRuns.FOLDS, String.valueOf(folds));
			}
			try {
				this.tracking.logBatch(run.id(), Map.of(), Map.of(), tags);
			}
			catch (RuntimeException ex) {
				logger.warn("job {}: could not record phase {} on run {}: {}", job.jobId(), phase.label(), run.id(),
						ex.getMessage());
			}
			if (folds > 0) {
				logger.info("job {}: {} fold {} of {}", job.jobId(), phase.label(), fold, folds);
			}
			else {
				logger.info("job {}: {}", job.jobId(), phase.label());
			}
		};
	}

	/**
	 * The scoring cost of the candidate and, when it can score the data, the champion,
	 * measured the same way on the same rows. A model whose cost cannot be measured is
	 * recorded with the reason; cost never fails a job.
	 */
	private void measureCosts(TrainingRequested job, PreparedJob prepared, ModelPackage files,
			ChampionComparisonRun champion, Map<String, Double> metrics, Map<String, String> tags) {
		Instances rows = new Instances(prepared.data(), 0,
				Math.min(prepared.data().numInstances(), this.properties.cost().timedRows()));
		try {
			metrics.putAll(this.costs.measure(files.files().get(ModelArtifacts.MODEL_FILE), rows).metrics(""));
		}
		catch (ModelFileException | RuntimeException ex) {
			logger.warn("job {}: could not measure the candidate's scoring cost: {}", job.jobId(), ex.toString());
			tags.put(JobRuns.COST_NOT_MEASURED, ex.toString());
		}
		Optional<byte[]> championFile = champion.championFile();
		if (championFile.isPresent()) {
			try {
				metrics.putAll(this.costs.measure(championFile.get(), champion.championRows(rows))
					.metrics(ChampionScoring.METRIC_PREFIX));
			}
			catch (ModelFileException | RuntimeException ex) {
				logger.warn("job {}: could not measure the champion's scoring cost: {}", job.jobId(), ex.toString());
				tags.put(ChampionScoring.COST_NOT_MEASURED, ex.toString());
			}
		}
	}

	private static Map<String, String> truncateValues(Map<String, String> tags) {
		Map<String, String> truncated = new LinkedHashMap<>();
		tags.forEach((key, value) -> truncated.put(key, truncate(value, MAX_TAG_LENGTH)));
		return truncated;
	}

	private TrainedModel trainWithinBudget(PreparedJob prepared, TrainingProgress progress,
			EvaluationObserver observer) {
		Future<TrainedModel> training = this.workers.submit(() -> this.trainer.train(prepared, progress, observer));
		try {
			return training.get(this.properties.maxTrainingTime().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			training.cancel(true);
			throw new TrainingException(
					"training took longer than trainer.max-training-time (" + this.properties.maxTrainingTime() + ")",
					ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new TrainingException(ex.getCause().toString(), ex.getCause());
		}
		catch (InterruptedException ex) {
			training.cancel(true);
			Thread.currentThread().interrupt();
			throw new RetryLaterException("interrupted while training; the job will be retried", ex);
		}
	}

	private ModelVersion register(TrainingRequested job, Run run, TrainedModel model, ModelPackage files,
			ModelLogging.Target target) {
		this.registry.getOrCreateRegisteredModel(job.modelName());
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put(ModelTags.JOB_ID, job.jobId());
		tags.put(ModelTags.ALGORITHM, model.algorithm());
		tags.put(ModelTags.SHA256, files.sha256());
		for (String metric : EvaluationMetrics.PRIMARY) {
			Double value = model.metrics().get(metric);
			if (value != null) {
				tags.put(ModelTags.metric(metric), String.valueOf(value));
			}
		}
		logger.info("job {}: registering {} from {}", job.jobId(), job.modelName(), target.source());
		return this.registry.createModelVersion(job.modelName(), target.source(), run.id(), target.modelId(), tags,
				this.properties.registrationTimeout());
	}

	private void fail(TrainingRequested job, Run run, String reason) {
		Map<String, String> tags = new LinkedHashMap<>();
		tags.put(JobRuns.FAILURE_REASON, truncate(reason, MAX_TAG_LENGTH));
		tags.put(JobRuns.FAILED_AT, this.clock.instant().toString());
		this.tracking.logBatch(run.id(), Map.of(), Map.of(), tags);
		Run failed = this.tracking.finishRun(run.id(), RunStatus.FAILED);
		this.logging.abandon(failed);
		logger.warn("job {}: run {} FAILED: {}", job.jobId(), run.id(), reason);
		this.events.failed(failedEvent(job, failed));
	}

	/**
	 * The registration event of a finished run, built only from what MLflow recorded so a
	 * redelivered job re-emits exactly the same event.
	 */
	static ModelRegistered registeredEvent(String modelName, Run run) {
		String jobId = run.tags().get(JobRuns.JOB_ID);
		Map<String, Double> metrics = new TreeMap<>();
		run.metrics().forEach((name, value) -> {
			if (!name.contains(".")) {
				metrics.put(name, value);
			}
		});
		return new ModelRegistered(eventId("model-registered", jobId), jobId, modelName,
				run.tags().get(JobRuns.REGISTERED_VERSION), run.id(), run.tags().get(JobRuns.ALGORITHM), metrics,
				run.tags().getOrDefault(JobRuns.REGISTERED_SOURCE, run.artifactUri() + "/" + ModelArtifacts.DIRECTORY),
				run.tags().get(JobRuns.SHA256), Instant.parse(run.tags().get(JobRuns.REGISTERED_AT)));
	}

	static TrainingFailed failedEvent(TrainingRequested job, Run run) {
		String key = validJobId(job) ? job.jobId() : run.id();
		return new TrainingFailed(eventId("training-failed", key), job.jobId(), job.modelName(),
				run.tags().get(JobRuns.FAILURE_REASON), Instant.parse(run.tags().get(JobRuns.FAILED_AT)));
	}

	/**
	 * Event ids derived from the job, so a re-sent event is recognisably the same one.
	 */
	static String eventId(String kind, String jobId) {
		return UUID.nameUUIDFromBytes((kind + ":" + jobId).getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static Map<String, String> baseTags(TrainingRequested job, String algorithm) {
		Map<String, String> tags = new LinkedHashMap<>();
		if (job.jobId() != null) {
			tags.put(JobRuns.JOB_ID, truncate(job.jobId(), 250));
		}
		tags.put(JobRuns.FINGERPRINT, JobRuns.fingerprint(job));
		if (job.modelName() != null) {
			tags.put(JobRuns.MODEL_NAME, truncate(job.modelName(), 250));
		}
		String shownAlgorithm = (algorithm != null) ? algorithm : job.algorithm();
		if (shownAlgorithm != null) {
			tags.put(JobRuns.ALGORITHM, truncate(shownAlgorithm, 250));
		}
		if (job.dataset() != null && job.dataset().uri() != null) {
			tags.put(JobRuns.DATASET, truncate(job.dataset().uri(), 1000));
		}
		if (job.requestedBy() != null && !job.requestedBy().isBlank()) {
			tags.put(JobRuns.REQUESTED_BY, truncate(job.requestedBy(), 250));
		}
		return tags;
	}

	private static String runName(TrainingRequested job) {
		return validJobId(job) ? job.jobId() : "invalid-job";
	}

	private static boolean validJobId(TrainingRequested job) {
		return job.jobId() != null && JobValidator.JOB_ID.matcher(job.jobId()).matches();
	}

	private static boolean validModelName(TrainingRequested job) {
		return job.modelName() != null && JobValidator.MODEL_NAME.matcher(job.modelName()).matches();
	}

	private static Map<String, String> limit(Map<String, String> values, int max) {
		Map<String, String> limited = new LinkedHashMap<>();
		values.forEach((key, value) -> limited.put(key, truncate(value, max)));
		return limited;
	}

	private static String truncate(String value, int max) {
		return (value.length() <= max) ? value : value.substring(0, max - 3) + "...";
	}

}
