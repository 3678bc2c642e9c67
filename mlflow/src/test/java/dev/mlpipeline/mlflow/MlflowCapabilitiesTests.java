package dev.mlpipeline.mlflow;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer.Flavor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server's capabilities are asked of the server, once: an MLflow 3 server has
 * LoggedModels, an MLflow 2 server does not, and an outage is not taken for an answer.
 */
class MlflowCapabilitiesTests {

	@Test
	void anMlflow3ServerHasLoggedModels() {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			MlflowCapabilities capabilities = new MlflowCapabilities(connection(server));
			assertThat(capabilities.serverVersion().version()).isEqualTo("3.11.1");
			assertThat(capabilities.serverVersion().major()).isEqualTo(3);
			assertThat(capabilities.loggedModels()).isTrue();
		}
	}

	@Test
	void anMlflow2ServerHasNone() {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_2_17)) {
			MlflowCapabilities capabilities = new MlflowCapabilities(connection(server));
			assertThat(capabilities.serverVersion().version()).isEqualTo("2.17.0");
			assertThat(capabilities.loggedModels()).isFalse();
		}
	}

	@Test
	void asksTheServerOnlyOnce() {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			MlflowCapabilities capabilities = new MlflowCapabilities(connection(server));
			capabilities.loggedModels();
			capabilities.loggedModels();
			assertThat(server.requests()).filteredOn((request) -> request.path().equals("/version")).hasSize(1);
		}
	}

	@Test
	void anOutageIsNotRememberedAsAnAnswer() {
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			MlflowCapabilities capabilities = new MlflowCapabilities(connection(server));
			server.setUnavailable(true);
			assertThatExceptionOfType(MlflowUnavailableException.class).isThrownBy(capabilities::loggedModels);
			server.setUnavailable(false);
			assertThat(capabilities.loggedModels()).isTrue();
		}
	}

	private static MlflowConnection connection(MlflowTestServer server) {
		return new MlflowConnection(MlflowProperties.of(server.uri()).withRetry(1, null, null));
	}

}
