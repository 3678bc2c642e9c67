package dev.mlpipeline.promoter.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationClaimsTests {

	private static final String SOURCE = "mlflow-artifacts:/1/run-1/artifacts/model";

	private final ModelVersion version = new ModelVersion("iris", "3", "run-1", SOURCE, "READY", "None",
			Map.of(ModelTags.SHA256, "abc", ModelTags.ALGORITHM, "weka.classifiers.trees.J48"), List.of(), 0L, 0L);

	@Test
	void anEventThatMatchesTheRegistryHasNoDisagreement() {
		assertThat(RegistrationClaims.disagreements(
				event("run-1", Map.of("accuracy", 0.96), "abc", SOURCE, "weka.classifiers.trees.J48"), this.version,
				Map.of("accuracy", 0.96, "kappa", 0.9)))
			.isEmpty();
	}

	@Test
	void aMetricTheRegistryDoesNotHaveIsADisagreement() {
		Map<String, String> differences = RegistrationClaims
			.disagreements(event("run-1", Map.of("accuracy", 0.999), "abc", SOURCE, null), this.version, Map.of());
		assertThat(differences).containsExactly(Map.entry("metric.accuracy", "event 0.999, registry absent"));
	}

	@Test
	void everyContradictedClaimIsNamedWithBothValues() {
		Map<String, String> differences = RegistrationClaims.disagreements(event("run-2", Map.of("accuracy", 0.99),
				"forged", "mlflow-artifacts:/1/other/artifacts/model", "weka.classifiers.misc.InputMappedClassifier"),
				this.version, Map.of("accuracy", 0.5));
		assertThat(differences).containsExactly(Map.entry("runId", "event run-2, registry run-1"),
				Map.entry("metric.accuracy", "event 0.99, registry 0.5"),
				Map.entry("sha256", "event forged, registry abc"),
				Map.entry("artifactUri", "event mlflow-artifacts:/1/other/artifacts/model, registry " + SOURCE),
				Map.entry("algorithm",
						"event weka.classifiers.misc.InputMappedClassifier, registry " + "weka.classifiers.trees.J48"));
		assertThat(RegistrationClaims.message(event("run-2", Map.of(), null, null, null), differences))
			.startsWith("ModelRegistered e1 for model iris version 3 disagrees with the registry: runId (event run-2");
	}

	@Test
	void aClaimTheEventOmitsIsNoDisagreement() {
		ModelVersion bare = new ModelVersion("iris", "3", null, SOURCE, "READY", "None", Map.of(), List.of(), 0L, 0L);
		assertThat(RegistrationClaims.disagreements(event(null, null, null, null, null), bare, Map.of())).isEmpty();
	}

	@Test
	void aMetricWrittenAsTextAndReadBackStillMatches() {
		assertThat(RegistrationClaims.disagreements(event(null, Map.of("accuracy", 0.1 + 0.2), null, null, null),
				this.version, Map.of("accuracy", Double.valueOf(String.valueOf(0.3)))))
			.isEmpty();
	}

	private static ModelRegistered event(String runId, Map<String, Double> metrics, String sha256, String artifactUri,
			String algorithm) {
		return new ModelRegistered("e1", "job-1", "iris", "3", runId, algorithm, metrics, artifactUri, sha256,
				Instant.now());
	}

}
