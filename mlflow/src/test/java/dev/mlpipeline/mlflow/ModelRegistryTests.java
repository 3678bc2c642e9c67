package dev.mlpipeline.mlflow;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model registry against {@code MlflowServer.uri()}; the few tests that need a
 * version stuck in registration run on the test server only.
 */
class ModelRegistryTests {

	private final MlflowConnection connection = TestClients.connection();

	private final MlflowTracking tracking = new MlflowTracking(this.connection);

	private final ModelRegistry registry = new ModelRegistry(this.connection);

	private String model;

	private Run run;

	@BeforeEach
	void createModelAndRun() {
		this.model = TestClients.unique("model");
		Experiment experiment = this.tracking.getOrCreateExperiment(this.model);
		this.run = this.tracking.createRun(experiment.id(), "train", Map.of());
		new MlflowArtifacts(this.connection).upload(this.run.artifactUri(), "model/model.weka", new byte[] { 1 });
		this.registry.getOrCreateRegisteredModel(this.model);
	}

	@AfterEach
	void clearInjectedBehaviour() {
		MlflowServer.testServer().ifPresent((server) -> server.setPendingRegistrationPolls(0));
	}

	private ModelVersion register() {
		return this.registry.createModelVersion(this.model, this.run.artifactUri() + "/model", this.run.id(),
				Map.of("job_id", "job-1"));
	}

	@Test
	void createsARegisteredModelOnce() {
		RegisteredModel again = this.registry.getOrCreateRegisteredModel(this.model);
		assertThat(again.name()).isEqualTo(this.model);
		assertThat(again.latestVersions()).isEmpty();
		assertThat(this.registry.findRegisteredModel(TestClients.unique("missing"))).isEmpty();
	}

	@Test
	void reportsADuplicateRegisteredModelAsAlreadyExists() {
		assertThatExceptionOfType(MlflowAlreadyExistsException.class)
			.isThrownBy(
					() -> this.connection.post("/api/2.0/mlflow/registered-models/create", Map.of("name", this.model)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS"));
	}

	@Test
	void createsVersionsThatAreReadyWithTheirTags() {
		ModelVersion first = register();
		ModelVersion second = register();
		assertThat(first.version()).isEqualTo("1");
		assertThat(second.version()).isEqualTo("2");
		assertThat(first.status()).isEqualTo(ModelVersion.READY);
		assertThat(first.currentStage()).isEqualTo("None");
		assertThat(first.runId()).isEqualTo(this.run.id());
		assertThat(first.source()).isEqualTo(this.run.artifactUri() + "/model");
		assertThat(first.tags()).containsEntry("job_id", "job-1");
		assertThat(this.registry.getModelVersion(this.model, "2")).isEqualTo(second);
	}

	@Test
	void reportsAVersionOfAMissingModelAsNotFound() {
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> this.registry.createModelVersion(TestClients.unique("missing"),
					this.run.artifactUri() + "/model", this.run.id(), Map.of()));
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> this.registry.getModelVersion(this.model, "99"));
		assertThat(this.registry.findModelVersion(this.model, "99")).isEmpty();
	}

	@Test
	void waitsForAVersionStillPendingRegistration() {
		MlflowTestServer server = fixtureOnly();
		server.setPendingRegistrationPolls(3);
		ModelVersion version = register();
		assertThat(version.status()).isEqualTo(ModelVersion.READY);
	}

	@Test
	void failsClearlyWhenRegistrationFails() {
		MlflowTestServer server = fixtureOnly();
		server.failNextRegistration();
		assertThatExceptionOfType(MlflowRegistrationException.class).isThrownBy(this::register)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(MlflowRegistrationException.FAILED_REGISTRATION));
	}

	@Test
	void failsClearlyWhenAVersionNeverGetsReady() {
		MlflowTestServer server = fixtureOnly();
		server.setPendingRegistrationPolls(Integer.MAX_VALUE);
		assertThatExceptionOfType(MlflowRegistrationException.class)
			.isThrownBy(() -> this.registry.createModelVersion(this.model, this.run.artifactUri() + "/model",
					this.run.id(), Map.of(), Duration.ofMillis(300)))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(MlflowRegistrationException.TIMEOUT));
	}

	@Test
	void setsMovesAndDeletesAliases() {
		register();
		register();
		this.registry.setAlias(this.model, "champion", "1");
		assertThat(this.registry.findVersionByAlias(this.model, "champion")).get()
			.satisfies((version) -> assertThat(version.version()).isEqualTo("1"))
			.satisfies((version) -> assertThat(version.aliases()).containsExactly("champion"));
		this.registry.setAlias(this.model, "champion", "2");
		this.registry.setAlias(this.model, "previous-champion", "1");
		assertThat(this.registry.findVersionByAlias(this.model, "champion")).get()
			.extracting(ModelVersion::version)
			.isEqualTo("2");
		assertThat(this.registry.findRegisteredModel(this.model)).get()
			.extracting(RegisteredModel::aliases)
			.isEqualTo(Map.of("champion", "2", "previous-champion", "1"));
		this.registry.deleteAlias(this.model, "champion");
		this.registry.deleteAlias(this.model, "never-set");
		assertThat(this.registry.findVersionByAlias(this.model, "champion")).isEmpty();
		assertThat(this.registry.findVersionByAlias(TestClients.unique("missing"), "champion")).isEmpty();
	}

	@Test
	void refusesTheReservedLatestAliasAndAliasesOfMissingVersions() {
		register();
		assertThatExceptionOfType(MlflowInvalidParameterException.class)
			.isThrownBy(() -> this.registry.setAlias(this.model, "latest", "1"));
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> this.registry.setAlias(this.model, "champion", "99"));
	}

	@Test
	void transitionsStagesArchivingTheVersionsAlreadyThere() {
		register();
		register();
		this.registry.transitionStage(this.model, "1", "Production", true);
		assertThat(this.registry.findLatestInStage(this.model, "Production")).get()
			.extracting(ModelVersion::version)
			.isEqualTo("1");
		ModelVersion second = this.registry.transitionStage(this.model, "2", "Production", true);
		assertThat(second.currentStage()).isEqualTo("Production");
		assertThat(this.registry.getModelVersion(this.model, "1").currentStage()).isEqualTo("Archived");
		assertThat(this.registry.findLatestInStage(this.model, "Production")).get()
			.extracting(ModelVersion::version)
			.isEqualTo("2");
		assertThat(this.registry.findLatestInStage(this.model, "Staging")).isEmpty();
		assertThat(this.registry.findLatestInStage(TestClients.unique("missing"), "Production")).isEmpty();
	}

	@Test
	void rejectsAnUnknownStage() {
		register();
		assertThatExceptionOfType(MlflowInvalidParameterException.class)
			.isThrownBy(() -> this.registry.transitionStage(this.model, "1", "Gold", false))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE"));
	}

	@Test
	void setsAndDeletesVersionTags() {
		register();
		this.registry.setModelVersionTag(this.model, "1", "promotion.decision", "PROMOTED");
		assertThat(this.registry.getModelVersion(this.model, "1").tags()).containsEntry("promotion.decision",
				"PROMOTED");
		this.registry.deleteModelVersionTag(this.model, "1", "promotion.decision");
		assertThat(this.registry.getModelVersion(this.model, "1").tags()).doesNotContainKey("promotion.decision");
	}

	@Test
	void searchesEveryVersionOfAModel() {
		register();
		register();
		register();
		assertThat(this.registry.searchModelVersions(this.model)).extracting(ModelVersion::version)
			.containsExactlyInAnyOrder("1", "2", "3");
		assertThat(this.registry.searchModelVersions(TestClients.unique("missing"))).isEmpty();
	}

	private static MlflowTestServer fixtureOnly() {
		assumeTrue(!MlflowServer.isReal(), "needs the test server's registration control");
		return MlflowServer.testServer().orElseThrow();
	}

	@Test
	void listsEveryRegisteredModelByName() {
		String other = TestClients.unique("listed");
		this.registry.getOrCreateRegisteredModel(other);
		assertThat(this.registry.searchRegisteredModelNames()).contains(this.model, other);
	}

}
