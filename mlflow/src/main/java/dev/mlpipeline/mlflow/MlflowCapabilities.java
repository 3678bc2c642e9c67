package dev.mlpipeline.mlflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tracking server behind a connection can do, asked of the server once and then
 * remembered: an MLflow 3 server records models as LoggedModels, an MLflow 2 server keeps
 * them as run artifacts. Nothing is guessed: the server's {@code GET /version} answers,
 * and when a proxy hides that path, whether {@code logged-models/search} exists. A failed
 * detection (server down) is not remembered, so the next call asks again.
 */
public class MlflowCapabilities {

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.\\d+.*");

	private final MlflowConnection connection;

	private final AtomicReference<ServerVersion> detected = new AtomicReference<>();

	public MlflowCapabilities(MlflowConnection connection) {
		this.connection = connection;
	}

	/**
	 * The server's version and what follows from it, detected on first use.
	 * @return the server version
	 * @throws MlflowUnavailableException when the server cannot be asked now
	 */
	public ServerVersion serverVersion() {
		ServerVersion known = this.detected.get();
		if (known != null) {
			return known;
		}
		ServerVersion found = detect();
		this.detected.compareAndSet(null, found);
		return this.detected.get();
	}

	/**
	 * Whether models are logged as MLflow 3 LoggedModels.
	 * @return {@code true} on an MLflow 3 (or later) server
	 */
	public boolean loggedModels() {
		return serverVersion().loggedModels();
	}

	private ServerVersion detect() {
		try {
			String text = this.connection.getText("/version");
			Matcher matcher = VERSION.matcher(text);
			if (matcher.matches()) {
				int major = Integer.parseInt(matcher.group(1));
				return new ServerVersion(text, major, major >= 3);
			}
		}
		catch (MlflowNotFoundException ex) {
			// a proxy or an older server without /version: ask the API itself below
		}
		return new ServerVersion("unknown", 0, hasLoggedModelsEndpoint());
	}

	private boolean hasLoggedModelsEndpoint() {
		try {
			this.connection.post("/api/2.0/mlflow/logged-models/search",
					Map.of("experiment_ids", List.of("0"), "max_results", 1));
			return true;
		}
		catch (MlflowNotFoundException ex) {
			return false;
		}
		catch (MlflowInvalidParameterException ex) {
			// the endpoint exists and refused the probe's arguments
			return true;
		}
	}

	/**
	 * A tracking server's version.
	 *
	 * @param version the version as the server wrote it, e.g. {@code 3.11.1}, or
	 * {@code unknown}
	 * @param major the major version, {@code 0} when unknown
	 * @param loggedModels whether the server has MLflow 3's LoggedModel API
	 */
	public record ServerVersion(String version, int major, boolean loggedModels) {

	}

}
