package dev.mlpipeline.mlflow;

import java.util.regex.Pattern;

/**
 * The low-cardinality name of an MLflow call for its {@code mlflow.request} observation:
 * the path without its query, artifact paths as {@code {path}} and LoggedModel ids as
 * {@code {id}}, so one endpoint is one tag value however many runs and models there are.
 */
final class MlflowEndpoints {

	private static final Pattern ARTIFACT = Pattern.compile("^(/api/2\\.0/mlflow-artifacts/artifacts)/.+$");

	private static final Pattern LOGGED_MODEL = Pattern
		.compile("^(/api/2\\.0/mlflow/logged-models)/(?!search(?:/|$))[^/]+");

	private static final Pattern UNKNOWN = Pattern.compile("[^A-Za-z0-9/._{}-]");

	private MlflowEndpoints() {
	}

	/**
	 * Normalises a request path.
	 * @param path the raw path after the server's base, e.g.
	 * {@code /api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/model/model.bin}
	 * @return e.g. {@code /api/2.0/mlflow-artifacts/artifacts/{path}}
	 */
	static String of(String path) {
		if (path == null || path.isEmpty()) {
			return "/";
		}
		String endpoint = ARTIFACT.matcher(path).replaceFirst("$1/{path}");
		endpoint = LOGGED_MODEL.matcher(endpoint).replaceFirst("$1/{id}");
		return UNKNOWN.matcher(endpoint).replaceAll("_");
	}

}
