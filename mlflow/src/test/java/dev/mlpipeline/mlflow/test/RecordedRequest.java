package dev.mlpipeline.mlflow.test;

import java.util.List;
import java.util.Map;

/**
 * A request the {@link MlflowTestServer} received, kept so tests can assert on headers
 * and on how many attempts a client made.
 *
 * @param method the HTTP method
 * @param path the raw path
 * @param query the raw query, or {@code null}
 * @param headers the request headers, names in lower case
 * @param body the request body as UTF-8 text, empty when there was none
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
		String body) {

	/**
	 * The first value of a header.
	 * @param name the header name, any case
	 * @return the value, or {@code null}
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
