package dev.mlpipeline.mlflow;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Run artifacts through the tracking server's artifact proxy
 * ({@code /api/2.0/mlflow-artifacts/artifacts/...}), so no service needs the Python
 * {@code mlflow} CLI or direct access to the artifact store.
 */
public class MlflowArtifacts {

	/** The scheme of artifact URIs served by the tracking server's proxy. */
	public static final String PROXY_SCHEME = "mlflow-artifacts";

	private static final String PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts";

	private final MlflowConnection connection;

	public MlflowArtifacts(MlflowConnection connection) {
		this.connection = connection;
	}

	/**
	 * Uploads bytes as one artifact file.
	 * @param artifactUri a run's {@code artifact_uri}, e.g.
	 * {@code mlflow-artifacts:/1/<run>/artifacts}
	 * @param relativePath the file's path under it, e.g. {@code model/model.weka}
	 * @param content the bytes
	 */
	public void upload(String artifactUri, String relativePath, byte[] content) {
		this.connection.put(PROXY_PATH + "/" + MlflowConnection.encodePath(storePath(artifactUri, relativePath)),
				content);
	}

	/**
	 * Uploads a local file as one artifact file, streaming it.
	 * @param artifactUri a run's {@code artifact_uri}
	 * @param relativePath the file's path under it
	 * @param file the local file
	 */
	public void upload(String artifactUri, String relativePath, Path file) {
		this.connection.put(PROXY_PATH + "/" + MlflowConnection.encodePath(storePath(artifactUri, relativePath)), file);
	}

	/**
	 * Downloads one artifact file.
	 * @param artifactUri a run's {@code artifact_uri} or a model version's source
	 * @param relativePath the file's path under it
	 * @return the bytes
	 */
	public byte[] download(String artifactUri, String relativePath) {
		return download(join(artifactUri, relativePath));
	}

	/**
	 * Downloads one artifact file named by a full URI.
	 * @param sourceUri {@code mlflow-artifacts:/...} or {@code runs:/<run>/<path>}
	 * @return the bytes
	 */
	public byte[] download(String sourceUri) {
		String storePath = storePath(sourceUri, null);
		return this.connection.getBytes(PROXY_PATH + "/" + MlflowConnection.encodePath(storePath), null);
	}

	/**
	 * Lists one directory level of artifacts.
	 * @param artifactUri a run's {@code artifact_uri} or a model version's source
	 * @param relativePath the directory under it, {@code null} or empty for its root
	 * @return the entries, with paths relative to {@code artifactUri}; empty when the
	 * directory does not exist
	 */
	public List<ArtifactFile> list(String artifactUri, String relativePath) {
		String prefix = (relativePath == null || relativePath.isEmpty()) ? "" : trimSlashes(relativePath) + "/";
		JsonNode answer = this.connection.get(PROXY_PATH, Map.of("path", storePath(artifactUri, relativePath)));
		List<ArtifactFile> files = new ArrayList<>();
		JsonNode array = answer.get("files");
		if (array != null && array.isArray()) {
			for (JsonNode file : array) {
				files.add(new ArtifactFile(prefix + Wire.text(file, "path"), file.path("is_dir").asBoolean(),
						Wire.number(file, "file_size")));
			}
		}
		return files;
	}

	/**
	 * Resolves an artifact source to the proxy URL that serves it.
	 * @param source {@code mlflow-artifacts:/...}, {@code mlflow-artifacts://host/...} or
	 * {@code runs:/<run>/<path>}
	 * @return the absolute proxy URL
	 */
	public URI resolve(String source) {
		return this.connection.url(PROXY_PATH + "/" + MlflowConnection.encodePath(storePath(source, null)), null);
	}

	/**
	 * The path of an artifact inside the proxied artifact store, e.g.
	 * {@code 1/<run>/artifacts/model/model.weka}.
	 * @param source the artifact URI
	 * @param relativePath a path under it, or {@code null}
	 * @return the store path, without leading or trailing slash
	 */
	public String storePath(String source, String relativePath) {
		String uri = join(source, relativePath);
		if (uri.startsWith(PROXY_SCHEME + ":")) {
			URI parsed = URI.create(uri.replace(" ", "%20"));
			String path = (parsed.getRawAuthority() != null) ? parsed.getPath()
					: uri.substring(PROXY_SCHEME.length() + 1);
			return trimSlashes(path);
		}
		if (uri.startsWith("runs:/")) {
			String rest = trimSlashes(uri.substring("runs:/".length()));
			int slash = rest.indexOf('/');
			String runId = (slash < 0) ? rest : rest.substring(0, slash);
			String path = (slash < 0) ? "" : rest.substring(slash + 1);
			JsonNode run = this.connection.get("/api/2.0/mlflow/runs/get", Map.of("run_id", runId));
			String runArtifactUri = Wire.text(run.path("run").path("info"), "artifact_uri");
			if (runArtifactUri == null || !runArtifactUri.startsWith(PROXY_SCHEME + ":")) {
				throw new MlflowInvalidParameterException(null, 0,
						"Run " + runId + " stores artifacts at " + runArtifactUri + ", not behind the artifact proxy");
			}
			return storePath(runArtifactUri, path);
		}
		throw new MlflowInvalidParameterException(null, 0,
				"Not an artifact URI served by the MLflow proxy (mlflow-artifacts:/ or runs:/): " + source);
	}

	private static String join(String uri, String relativePath) {
		if (relativePath == null || relativePath.isEmpty()) {
			return uri;
		}
		return (uri.endsWith("/") ? uri : uri + "/") + trimSlashes(relativePath);
	}

	private static String trimSlashes(String path) {
		int start = 0;
		int end = path.length();
		while (start < end && path.charAt(start) == '/') {
			start++;
		}
		while (end > start && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(start, end);
	}

}
