package dev.mlpipeline.mlflow.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.misc.InputMappedClassifier;
import weka.classifiers.trees.J48;

import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.LoggedModel;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.model.ModelFileException.Kind;
import dev.mlpipeline.mlflow.test.MlflowServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The verified path from a registry version to its model, with real and forged files
 * uploaded to the artifact store of {@code MlflowServer.uri()} (the in-process server, or
 * a real MLflow when {@code MLFLOW_TRACKING_URI} is set).
 */
class VerifiedModelFilesTests {

	private final MlflowConnection connection = new MlflowConnection(MlflowProperties.of(MlflowServer.uri()));

	private final MlflowTracking tracking = new MlflowTracking(this.connection);

	private final MlflowArtifacts artifacts = new MlflowArtifacts(this.connection);

	private final ModelRegistry registry = new ModelRegistry(this.connection);

	private final LoggedModels loggedModels = new LoggedModels(this.connection);

	private final MlflowCapabilities capabilities = new MlflowCapabilities(this.connection);

	private final VerifiedModelFiles files = new VerifiedModelFiles(this.registry, this.artifacts,
			ModelFileLimits.DEFAULTS);

	private Experiment experiment;

	private String model;

	private Run run;

	@BeforeEach
	void createRun() {
		this.model = "verified-" + UUID.randomUUID().toString().substring(0, 8);
		this.experiment = this.tracking.getOrCreateExperiment(this.model);
		this.run = this.tracking.createRun(this.experiment.id(), "train", Map.of());
		this.registry.getOrCreateRegisteredModel(this.model);
	}

	@Test
	void verifiesAndReadsARegisteredModel() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelVersion version = register(file, VerifiedModelFiles.sha256(file));
		VerifiedModel verified = this.files.fetch(version);
		assertThat(verified.classifier()).isInstanceOf(J48.class);
		assertThat(verified.sha256()).isEqualTo(VerifiedModelFiles.sha256(file));
		assertThat(verified.header().numAttributes()).isEqualTo(3);
		assertThat(this.files.fetchWithFile(version).bytes()).isEqualTo(file);
	}

	@Test
	void refusesAFileWhoseDigestIsNotTheRegistrys() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelVersion version = register(file, "0".repeat(64));
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.files.fetch(version))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.CHECKSUM));
	}

	@Test
	void refusesAVersionWithoutADigest() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelVersion version = register(file, null);
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.files.fetch(version))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.CHECKSUM));
	}

	@Test
	void tellsAMissingFileFromAnOutage() {
		ModelVersion version = this.registry.createModelVersion(this.model, this.run.artifactUri() + "/model",
				this.run.id(), Map.of(ModelTags.SHA256, "0".repeat(64)));
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.files.fetch(version))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.NOT_FOUND));
	}

	@Test
	void refusesAForgedWrapperWhoseDigestMatchesAndWhoseInnerFileIsInTheStore(@TempDir Path temp) throws Exception {
		// the attack of issue 10: the outer file is honestly hashed, the inner one is
		// not
		byte[] gadget = TestModels.serialize(new SideEffectGadget(temp.resolve("ran")));
		this.artifacts.upload(this.run.artifactUri(), "uploads/inner.model", gadget);
		InputMappedClassifier wrapper = new InputMappedClassifier();
		wrapper.setModelPath(this.artifacts.resolve(this.run.artifactUri() + "/uploads/inner.model").toString());
		byte[] file = TestModels.modelFile(wrapper);
		ModelVersion version = register(file, VerifiedModelFiles.sha256(file));
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.files.fetch(version))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.FILE_REFERENCE));
		assertThat(temp.resolve("ran")).doesNotExist();
	}

	@Test
	void refusesAGadgetWhoseDigestMatches(@TempDir Path temp) throws Exception {
		byte[] file = TestModels.serialize(new SideEffectGadget(temp.resolve("ran")), "header");
		ModelVersion version = register(file, VerifiedModelFiles.sha256(file));
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.files.fetch(version))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.REJECTED_CLASS));
		assertThat(temp.resolve("ran")).doesNotExist();
	}

	@Test
	void refusesAFileOverTheSizeLimitFromTheListingBeforeDownloadingIt() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelVersion version = register(file, VerifiedModelFiles.sha256(file));
		VerifiedModelFiles small = new VerifiedModelFiles(this.registry, this.artifacts,
				new ModelFileLimits(100, 2000, 1000, 1000));
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> small.fetch(version))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.TOO_LARGE));
	}

	@Test
	void findsTheFileUnderAVersionRegisteredFromTheRunRoot() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		this.artifacts.upload(this.run.artifactUri(), ModelArtifacts.MODEL_FILE, file);
		ModelVersion version = this.registry.createModelVersion(this.model, this.run.artifactUri(), this.run.id(),
				Map.of(ModelTags.SHA256, VerifiedModelFiles.sha256(file)));
		assertThat(this.files.fetch(version).classifier()).isInstanceOf(J48.class);
	}

	@Test
	void verifiesAnMlflow3LoggedModelVersionFoundOnlyThroughTheRegistrysDownloadUri() throws Exception {
		assumeTrue(this.capabilities.loggedModels(), "the server has no LoggedModels (MLflow 2)");
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		LoggedModel logged = this.loggedModels.create(this.experiment.id(), "model", this.run.id(), "Classifier",
				Map.of(), Map.of());
		this.artifacts.upload(logged.artifactUri(), "model.weka", file);
		this.loggedModels.finalizeModel(logged.id(), LoggedModel.READY);
		ModelVersion version = this.registry.createModelVersion(this.model, logged.source(), this.run.id(), logged.id(),
				Map.of(ModelTags.SHA256, VerifiedModelFiles.sha256(file)), ModelRegistry.DEFAULT_READY_TIMEOUT);
		assertThat(version.source()).isEqualTo("models:/" + logged.id());
		VerifiedModel verified = this.files.fetch(version);
		assertThat(verified.classifier()).isInstanceOf(J48.class);
		assertThat(verified.location()).isEqualTo(logged.artifactUri());
	}

	@Test
	void readsWhereTheRegistrySaysNotWhereTheVersionRecordClaims() throws Exception {
		byte[] file = TestModels.modelFile(TestModels.trainedJ48());
		ModelVersion registered = register(file, VerifiedModelFiles.sha256(file));
		Run other = this.tracking.createRun(this.experiment.id(), "planted", Map.of());
		byte[] planted = TestModels.modelFile(new weka.classifiers.rules.ZeroR());
		this.artifacts.upload(other.artifactUri(), ModelArtifacts.MODEL_FILE, planted);
		ModelVersion claimed = new ModelVersion(registered.name(), registered.version(), registered.runId(),
				other.artifactUri() + "/model", registered.status(), registered.currentStage(),
				Map.of(ModelTags.SHA256, VerifiedModelFiles.sha256(file)), registered.aliases(),
				registered.creationTimestamp(), registered.lastUpdatedTimestamp());
		VerifiedModel verified = this.files.fetch(claimed);
		assertThat(verified.classifier()).isInstanceOf(J48.class);
		assertThat(verified.location()).isEqualTo(this.run.artifactUri() + "/model");
	}

	@Test
	void tellsAVersionTheRegistryDoesNotKnow() {
		ModelVersion unknown = new ModelVersion(this.model, "99", this.run.id(), this.run.artifactUri() + "/model",
				"READY", "None", Map.of(ModelTags.SHA256, "0".repeat(64)), null, null, null);
		assertThatExceptionOfType(ModelFileException.class).isThrownBy(() -> this.files.fetch(unknown))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(Kind.NOT_FOUND));
	}

	@Test
	void findsTheLayoutFilesUnderTheModelDirectoryTheLoggedModelOrTheRunRoot() {
		assertThat(VerifiedModelFiles.underSource("mlflow-artifacts:/1/r/artifacts/model", ModelArtifacts.MODEL_FILE))
			.isEqualTo("model.weka");
		assertThat(VerifiedModelFiles.underSource("mlflow-artifacts:/1/models/m-0a1b/artifacts",
				ModelArtifacts.MODEL_FILE))
			.isEqualTo("model.weka");
		assertThat(VerifiedModelFiles.underSource("mlflow-artifacts:/1/r/artifacts", ModelArtifacts.MODEL_FILE))
			.isEqualTo("model/model.weka");
	}

	private ModelVersion register(byte[] file, String sha256) {
		this.artifacts.upload(this.run.artifactUri(), ModelArtifacts.MODEL_FILE, file);
		Map<String, String> tags = (sha256 != null) ? Map.of(ModelTags.SHA256, sha256) : Map.of();
		return this.registry.createModelVersion(this.model, this.run.artifactUri() + "/model", this.run.id(), tags);
	}

}
