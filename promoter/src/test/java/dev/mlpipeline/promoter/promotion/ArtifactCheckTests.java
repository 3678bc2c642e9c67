package dev.mlpipeline.promoter.promotion;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelFileLimits;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArtifactCheckTests {

	private static final MlflowConnection UNREACHABLE = new MlflowConnection(
			MlflowProperties.of(URI.create("http://localhost:1")));

	private final ArtifactCheck check = new ArtifactCheck(new VerifiedModelFiles(new ModelRegistry(UNREACHABLE),
			new MlflowArtifacts(UNREACHABLE), ModelFileLimits.DEFAULTS));

	@Test
	void anUnreachableMlflowIsNoVerdictButAFailureWorthRetrying() {
		assertThatExceptionOfType(ArtifactUnavailableException.class)
			.isThrownBy(() -> this.check.problem(version(Map.of(ModelTags.SHA256, "ab".repeat(32)))))
			.withMessageStartingWith("Could not check the model file of model iris version 3");
	}

	@Test
	void aVersionWithoutADigestIsRefusedWithoutDownloadingAnything() {
		assertThat(this.check.problem(version(Map.of())))
			.hasValueSatisfying((problem) -> assertThat(problem).startsWith("checksum: version 3 has no sha256 tag"));
	}

	private static ModelVersion version(Map<String, String> tags) {
		return new ModelVersion("iris", "3", "run", "mlflow-artifacts:/1/run/artifacts/model", "READY", "None", tags,
				List.of(), 0L, 0L);
	}

}
