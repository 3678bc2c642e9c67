package dev.mlpipeline.mlflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlpipeline.mlflow.test.MlflowServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Artifacts through the tracking server's proxy, against {@code MlflowServer.uri()}.
 */
class MlflowArtifactsTests {

	private final MlflowConnection connection = TestClients.connection();

	private final MlflowTracking tracking = new MlflowTracking(this.connection);

	private final MlflowArtifacts artifacts = new MlflowArtifacts(this.connection);

	private Run run;

	@BeforeEach
	void createRun() {
		Experiment experiment = this.tracking.getOrCreateExperiment(TestClients.unique("artifacts"));
		this.run = this.tracking.createRun(experiment.id(), "artifacts", Map.of());
	}

	@Test
	void uploadsDownloadsAndListsFilesUnderARunsArtifactUri(@TempDir Path temp) throws IOException {
		byte[] model = { 0, 1, 2, (byte) 0xff, 'w', 'e', 'k', 'a' };
		Path schema = Files.writeString(temp.resolve("schema.json"), "{\"features\":[]}");
		this.artifacts.upload(this.run.artifactUri(), "model/model.weka", model);
		this.artifacts.upload(this.run.artifactUri(), "model/schema.json", schema);
		assertThat(this.artifacts.download(this.run.artifactUri(), "model/model.weka")).isEqualTo(model);
		assertThat(new String(this.artifacts.download(this.run.artifactUri(), "model/schema.json"),
				StandardCharsets.UTF_8))
			.isEqualTo("{\"features\":[]}");
		assertThat(this.artifacts.list(this.run.artifactUri(), null))
			.containsExactly(new ArtifactFile("model", true, null));
		assertThat(this.artifacts.list(this.run.artifactUri(), "model")).containsExactly(
				new ArtifactFile("model/model.weka", false, (long) model.length),
				new ArtifactFile("model/schema.json", false, 15L));
	}

	@Test
	void downloadsByRunsUriAndByMlflowArtifactsUri() {
		byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
		this.artifacts.upload(this.run.artifactUri(), "model/MLmodel", content);
		assertThat(this.artifacts.download("runs:/" + this.run.id() + "/model/MLmodel")).isEqualTo(content);
		assertThat(this.artifacts.download(this.run.artifactUri() + "/model/MLmodel")).isEqualTo(content);
		assertThat(this.artifacts.download("runs:/" + this.run.id() + "/model", "MLmodel")).isEqualTo(content);
	}

	@Test
	void resolvesSourcesToProxyUrls() {
		String storePath = this.run.artifactUri().substring("mlflow-artifacts:/".length()) + "/model/model.weka";
		String expected = MlflowServer.uri().toString().replaceAll("/$", "") + "/api/2.0/mlflow-artifacts/artifacts/"
				+ storePath;
		assertThat(this.artifacts.resolve(this.run.artifactUri() + "/model/model.weka")).hasToString(expected);
		assertThat(this.artifacts.resolve("runs:/" + this.run.id() + "/model/model.weka")).hasToString(expected);
		assertThat(this.artifacts.resolve("mlflow-artifacts://mlflow:5000/" + storePath)).hasToString(expected);
	}

	@Test
	void listsADirectoryThatDoesNotExistAsEmpty() {
		assertThat(this.artifacts.list(this.run.artifactUri(), "nothing-here")).isEmpty();
	}

	@Test
	void reportsAMissingFileWithMlflowsInternalError() {
		assertThatExceptionOfType(MlflowUnavailableException.class)
			.isThrownBy(() -> this.artifacts.download(this.run.artifactUri(), "model/nope.bin"))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo("INTERNAL_ERROR");
				assertThat(ex.httpStatus()).isEqualTo(500);
				assertThat(ex.getMessage()).contains("nope.bin");
			});
	}

	@Test
	void rejectsSourcesTheProxyDoesNotServe() {
		assertThatExceptionOfType(MlflowInvalidParameterException.class)
			.isThrownBy(() -> this.artifacts.download("s3://bucket/model.weka"));
	}

	@Test
	void reportsARunsUriOfAMissingRunAsNotFound() {
		assertThatExceptionOfType(MlflowNotFoundException.class)
			.isThrownBy(() -> this.artifacts.download("runs:/0123456789abcdef0123456789abcdef/model/x"));
	}

}
