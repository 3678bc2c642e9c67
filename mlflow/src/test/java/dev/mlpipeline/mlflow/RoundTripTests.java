package dev.mlpipeline.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.ModelTags;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's path through MLflow in one go: a trainer uploads and registers, a
 * promoter sets the alias and stage, serving resolves the alias and downloads.
 */
class RoundTripTests {

	private final MlflowConnection connection = TestClients.connection();

	private final MlflowTracking tracking = new MlflowTracking(this.connection);

	private final MlflowArtifacts artifacts = new MlflowArtifacts(this.connection);

	private final ModelRegistry registry = new ModelRegistry(this.connection);

	@Test
	void uploadedModelIsRegisteredAliasedAndDownloadedBack() {
		String modelName = TestClients.unique("iris-classifier");
		byte[] model = "serialized weka model \u0000\u0001".getBytes(StandardCharsets.UTF_8);
		Experiment experiment = this.tracking.getOrCreateExperiment(modelName);
		Run run = this.tracking.createRun(experiment.id(), "job-1", Map.of(ModelTags.JOB_ID, "job-1"));
		this.artifacts.upload(run.artifactUri(), ModelArtifacts.MODEL_FILE, model);
		this.artifacts.upload(run.artifactUri(), ModelArtifacts.MLMODEL_FILE,
				"artifact_path: model\n".getBytes(StandardCharsets.UTF_8));
		this.tracking.logBatch(run.id(), Map.of("algorithm", "J48"), Map.of("accuracy", 0.95), Map.of());
		this.tracking.finishRun(run.id(), RunStatus.FINISHED);

		this.registry.getOrCreateRegisteredModel(modelName);
		ModelVersion version = this.registry.createModelVersion(modelName,
				run.artifactUri() + "/" + ModelArtifacts.DIRECTORY, run.id(),
				Map.of(ModelTags.JOB_ID, "job-1", ModelTags.metric("accuracy"), "0.95"));
		this.registry.setAlias(modelName, "champion", version.version());
		this.registry.transitionStage(modelName, version.version(), "Production", true);

		ModelVersion champion = this.registry.findVersionByAlias(modelName, "champion").orElseThrow();
		assertThat(champion.version()).isEqualTo(version.version());
		assertThat(champion.currentStage()).isEqualTo("Production");
		assertThat(champion.tags()).containsEntry("metric.accuracy", "0.95");
		assertThat(this.artifacts.download(champion.source(), "model.weka")).isEqualTo(model);
		assertThat(this.artifacts.download("runs:/" + champion.runId() + "/" + ModelArtifacts.MODEL_FILE))
			.isEqualTo(model);
		assertThat(this.registry.findLatestInStage(modelName, "Production")).get()
			.extracting(ModelVersion::version)
			.isEqualTo(version.version());
	}

}
