package dev.mlpipeline.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MLflow 3's LoggedModels against {@code MlflowServer.uri()}: the in-process test server
 * (answering like 3.11 unless {@code -Dmlflow.test-server=2.17}), or a real MLflow when
 * {@code MLFLOW_TRACKING_URI} is set. On an MLflow 2 server the tests are skipped: it has
 * no such API.
 */
class LoggedModelsTests {

	private final MlflowConnection connection = TestClients.connection();

	private final MlflowTracking tracking = new MlflowTracking(this.connection);

	private final MlflowArtifacts artifacts = new MlflowArtifacts(this.connection);

	private final ModelRegistry registry = new ModelRegistry(this.connection);

	private final LoggedModels models = new LoggedModels(this.connection);

	private Experiment experiment;

	private Run run;

	@BeforeEach
	void createRun() {
		assumeTrue(new MlflowCapabilities(this.connection).loggedModels(), "the server has no LoggedModels");
		this.experiment = this.tracking.getOrCreateExperiment(TestClients.unique("logged"));
		this.run = this.tracking.createRun(this.experiment.id(), "train", Map.of());
	}

	@Test
	void createsAPendingModelWithItsParamsAndItsOwnArtifactLocation() {
		LoggedModel model = this.models.create(this.experiment.id(), "model", this.run.id(), "Classifier",
				Map.of("algorithm", "J48", "folds", "10"), Map.of("job_id", "job-1"));
		assertThat(model.id()).startsWith("m-");
		assertThat(model.status()).isEqualTo(LoggedModel.PENDING);
		assertThat(model.sourceRunId()).isEqualTo(this.run.id());
		assertThat(model.artifactUri())
			.isEqualTo("mlflow-artifacts:/" + this.experiment.id() + "/models/" + model.id() + "/artifacts");
		assertThat(model.source()).isEqualTo("models:/" + model.id());
		LoggedModel read = this.models.get(model.id());
		assertThat(read.params()).containsEntry("algorithm", "J48").containsEntry("folds", "10");
		assertThat(read.tags()).containsEntry("job_id", "job-1");
	}

	@Test
	void finalisesAModelReadyWithTheRunsMetricsLinkedToIt() {
		LoggedModel model = this.models.create(this.experiment.id(), "model", this.run.id(), "Classifier", Map.of(),
				Map.of());
		this.artifacts.upload(model.artifactUri(), "MLmodel",
				"artifact_path: model\n".getBytes(StandardCharsets.UTF_8));
		this.tracking.logModelMetrics(this.run.id(), model.id(), Map.of("accuracy", 0.95, "kappa", 0.9));
		LoggedModel ready = this.models.finalizeModel(model.id(), LoggedModel.READY);
		assertThat(ready.isReady()).isTrue();
		LoggedModel read = this.models.get(model.id());
		assertThat(read.metrics()).containsEntry("accuracy", 0.95).containsEntry("kappa", 0.9);
		assertThat(this.tracking.getRun(this.run.id()).metrics()).containsEntry("accuracy", 0.95);
		assertThat(this.artifacts.list(model.artifactUri(), null)).extracting(ArtifactFile::path).contains("MLmodel");
		assertThat(this.models.search(List.of(this.experiment.id()))).extracting(LoggedModel::id)
			.containsExactly(model.id());
	}

	@Test
	void namesTheModelAsTheRunsOutput() {
		LoggedModel model = this.models.create(this.experiment.id(), "model", this.run.id(), null, Map.of(), Map.of());
		assertThat(this.tracking.getRun(this.run.id()).modelOutputs()).isEmpty();
		this.tracking.logModelOutput(this.run.id(), model.id(), 0);
		assertThat(this.tracking.getRun(this.run.id()).modelOutputs()).containsExactly(model.id());
	}

	@Test
	void registersAVersionWhoseFilesOnlyTheDownloadUriReveals() {
		LoggedModel model = this.models.create(this.experiment.id(), "model", this.run.id(), null, Map.of(), Map.of());
		this.models.finalizeModel(model.id(), LoggedModel.READY);
		String name = TestClients.unique("logged-model");
		this.registry.getOrCreateRegisteredModel(name);
		ModelVersion version = this.registry.createModelVersion(name, model.source(), this.run.id(), model.id(),
				Map.of("sha256", "x"), ModelRegistry.DEFAULT_READY_TIMEOUT);
		assertThat(version.source()).isEqualTo("models:/" + model.id());
		assertThat(version.runId()).isEqualTo(this.run.id());
		assertThat(this.registry.getDownloadUri(name, version.version())).isEqualTo(model.artifactUri());
	}

	@Test
	void tellsAModelThatDoesNotExist() {
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> this.models.get("m-0123456789abcdef0123456789abcdef"));
	}

}
