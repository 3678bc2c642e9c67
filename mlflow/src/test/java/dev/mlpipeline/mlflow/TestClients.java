package dev.mlpipeline.mlflow;

import java.time.Duration;
import java.util.UUID;

import dev.mlpipeline.mlflow.test.MlflowServer;

/**
 * Builds clients for the server {@link MlflowServer} picked, with short back-off so retry
 * tests stay fast, and unique names so tests also run against a shared real server.
 */
final class TestClients {

	private TestClients() {
	}

	static MlflowProperties properties() {
		MlflowProperties properties = MlflowProperties.of(MlflowServer.uri())
			.withRetry(3, Duration.ofMillis(10), Duration.ofMillis(40));
		if (MlflowServer.isReal()) {
			properties = properties.withToken(System.getenv("MLFLOW_TRACKING_TOKEN"))
				.withBasicAuth(System.getenv("MLFLOW_TRACKING_USERNAME"), System.getenv("MLFLOW_TRACKING_PASSWORD"));
		}
		return properties;
	}

	static MlflowConnection connection() {
		return new MlflowConnection(properties());
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
