package dev.mlpipeline.mlflow.test;

import java.net.URI;
import java.util.Optional;

/**
 * Picks the MLflow server for a test JVM: the real one named by
 * {@code MLFLOW_TRACKING_URI} when it is set, otherwise one shared in-process
 * {@link MlflowTestServer} of the default flavour (system property
 * {@value MlflowTestServer#FLAVOR_PROPERTY}: {@code 2.17} or {@code 3.11}, default 3.11),
 * so the same tests run against all of them.
 */
public final class MlflowServer {

	private static final String ENV = "MLFLOW_TRACKING_URI";

	private MlflowServer() {
	}

	/**
	 * The tracking URI tests should use.
	 * @return the real server's URI or the shared test server's
	 */
	public static URI uri() {
		String real = System.getenv(ENV);
		return (real != null && !real.isBlank()) ? URI.create(real) : Shared.SERVER.uri();
	}

	/**
	 * Whether the tests run against a real MLflow server.
	 * @return {@code true} when {@code MLFLOW_TRACKING_URI} is set
	 */
	public static boolean isReal() {
		String real = System.getenv(ENV);
		return real != null && !real.isBlank();
	}

	/**
	 * The shared in-process server, for tests that need fault injection or request
	 * capture.
	 * @return the test server, or empty when running against a real server
	 */
	public static Optional<MlflowTestServer> testServer() {
		return isReal() ? Optional.empty() : Optional.of(Shared.SERVER);
	}

	/**
	 * The MLflow release the shared in-process server answers like.
	 * @return the default flavour (the one it would have when a real server is used)
	 */
	public static MlflowTestServer.Flavor flavor() {
		return MlflowTestServer.Flavor.fromSystemProperty();
	}

	/** Holder that starts the shared test server on first use only. */
	private static final class Shared {

		private static final MlflowTestServer SERVER = startClosingAtExit();

		private static MlflowTestServer startClosingAtExit() {
			MlflowTestServer server = MlflowTestServer.start(MlflowTestServer.Flavor.fromSystemProperty());
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mlflow-test-server-stop"));
			return server;
		}

	}

}
