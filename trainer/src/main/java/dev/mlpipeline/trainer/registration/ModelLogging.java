package dev.mlpipeline.trainer.registration;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mlpipeline.mlflow.LoggedModel;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowException;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.trainer.training.ModelPackage;

/**
 * Where a trained model is recorded, chosen by what the tracking server is: on MLflow 3 a
 * LoggedModel (its own artifact location, params, linked metrics, READY once its files
 * are in, the run's output), so the UI lists it under the experiment's Models tab and the
 * version's source is {@code models:/m-<id>}; on MLflow 2 the run's {@code model/}
 * directory, as before. Files outside {@code model/} (the confusion matrix, the summary)
 * stay on the run either way.
 */
class ModelLogging {

	private static final Logger logger = LoggerFactory.getLogger(ModelLogging.class);

	/** The LoggedModel's name in the experiment, as MLflow's own clients name it. */
	static final String MODEL_NAME = ModelArtifacts.DIRECTORY;

	private static final String MODEL_TYPE = "Classifier";

	private final MlflowCapabilities capabilities;

	private final LoggedModels loggedModels;

	private final MlflowTracking tracking;

	private final MlflowArtifacts artifacts;

	ModelLogging(MlflowCapabilities capabilities, LoggedModels loggedModels, MlflowTracking tracking,
			MlflowArtifacts artifacts) {
		this.capabilities = capabilities;
		this.loggedModels = loggedModels;
		this.tracking = tracking;
		this.artifacts = artifacts;
	}

	/**
	 * Opens the place the model goes: a PENDING LoggedModel on MLflow 3 (its id recorded
	 * on the run as {@link JobRuns#MODEL_ID}), the run's {@code model/} directory on
	 * MLflow 2.
	 * @param run the training run
	 * @param params the model's params (the job's options)
	 * @param tags the model's tags
	 * @return where the files and metrics go
	 */
	Target open(Run run, Map<String, String> params, Map<String, String> tags) {
		if (!this.capabilities.loggedModels()) {
			String directory = run.artifactUri() + "/" + ModelArtifacts.DIRECTORY;
			return new Target(null, directory, directory);
		}
		LoggedModel model = this.loggedModels.create(run.experimentId(), MODEL_NAME, run.id(), MODEL_TYPE, params,
				tags);
		this.tracking.setTag(run.id(), JobRuns.MODEL_ID, model.id());
		return new Target(model.id(), model.artifactUri(), model.source());
	}

	/**
	 * Logs the model's metrics: on the run, and linked to the LoggedModel when there is
	 * one.
	 * @param run the run
	 * @param target where the model goes
	 * @param metrics the metrics
	 */
	void logMetrics(Run run, Target target, Map<String, Double> metrics) {
		if (target.modelId() != null) {
			this.tracking.logModelMetrics(run.id(), target.modelId(), metrics);
		}
		else {
			this.tracking.logBatch(run.id(), Map.of(), metrics, Map.of());
		}
	}

	/**
	 * Uploads the package: the {@code model/} files to the model's place, the rest to the
	 * run.
	 * @param run the run
	 * @param target where the model goes
	 * @param files the package
	 */
	void upload(Run run, Target target, ModelPackage files) {
		String prefix = ModelArtifacts.DIRECTORY + "/";
		files.files().forEach((path, content) -> {
			if (path.startsWith(prefix)) {
				this.artifacts.upload(target.directory(), path.substring(prefix.length()), content);
			}
			else {
				this.artifacts.upload(run.artifactUri(), path, content);
			}
		});
	}

	/**
	 * Marks the model complete: READY and named as the run's output on MLflow 3; nothing
	 * to do on MLflow 2.
	 * @param run the run
	 * @param target where the model went
	 */
	void complete(Run run, Target target) {
		if (target.modelId() != null) {
			this.loggedModels.finalizeModel(target.modelId(), LoggedModel.READY);
			this.tracking.logModelOutput(run.id(), target.modelId(), 0);
		}
	}

	/**
	 * Marks the LoggedModel of a run that will never register it as failed, so the Models
	 * tab does not show it pending forever. Best effort: a failure here is only logged.
	 * @param run the run of a failed or abandoned attempt
	 */
	void abandon(Run run) {
		String modelId = run.tags().get(JobRuns.MODEL_ID);
		if (modelId == null) {
			return;
		}
		try {
			if (!this.loggedModels.get(modelId).isReady()) {
				this.loggedModels.finalizeModel(modelId, LoggedModel.UPLOAD_FAILED);
			}
		}
		catch (MlflowUnavailableException ex) {
			throw ex;
		}
		catch (MlflowException ex) {
			logger.warn("run {}: could not mark LoggedModel {} failed: {}", run.id(), modelId, ex.getMessage());
		}
	}

	/**
	 * Where a model's files go and how the registry names it.
	 *
	 * @param modelId the LoggedModel's id, {@code null} on MLflow 2
	 * @param directory the artifact URI its {@code model/} files are uploaded under
	 * @param source the registry source of its version: {@code models:/m-<id>} or the
	 * run's {@code model/} directory
	 */
	record Target(String modelId, String directory, String source) {

	}

}
