package dev.mlpipeline.mlflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MlflowEndpointsTests {

	@Test
	void restEndpointsStayAsTheyAre() {
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow/model-versions/get"))
			.isEqualTo("/api/2.0/mlflow/model-versions/get");
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow/registered-models/alias"))
			.isEqualTo("/api/2.0/mlflow/registered-models/alias");
		assertThat(MlflowEndpoints.of("/version")).isEqualTo("/version");
	}

	@Test
	void anArtifactPathBecomesOnePlaceholder() {
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow-artifacts/artifacts/1/4f2a9c/artifacts/model/model.bin"))
			.isEqualTo("/api/2.0/mlflow-artifacts/artifacts/{path}");
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow-artifacts/artifacts"))
			.isEqualTo("/api/2.0/mlflow-artifacts/artifacts");
	}

	@Test
	void aLoggedModelIdBecomesAPlaceholderButSearchStays() {
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow/logged-models/m-0123456789abcdef"))
			.isEqualTo("/api/2.0/mlflow/logged-models/{id}");
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow/logged-models/m-0123/tags"))
			.isEqualTo("/api/2.0/mlflow/logged-models/{id}/tags");
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow/logged-models/search"))
			.isEqualTo("/api/2.0/mlflow/logged-models/search");
		assertThat(MlflowEndpoints.of("/api/2.0/mlflow/logged-models")).isEqualTo("/api/2.0/mlflow/logged-models");
	}

	@Test
	void anEmptyPathIsTheRoot() {
		assertThat(MlflowEndpoints.of("")).isEqualTo("/");
		assertThat(MlflowEndpoints.of(null)).isEqualTo("/");
	}

}
