package dev.mlpipeline.mlflow;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one HTTP transport to an MLflow tracking server: adds the auth header to every
 * call, sets connect and request timeouts, retries transient failures with capped
 * exponential back-off and turns MLflow error answers into typed exceptions.
 * <p>
 * It is built on the JDK {@link HttpClient} and Jackson rather than on
 * {@code mlflow-client}: that client's HTTP caller sets no connect or socket timeout (a
 * hung server blocks a caller forever), retries only 429, reports errors as an untyped
 * {@code MlflowHttpException}, has no PUT or DELETE (artifact uploads, alias and tag
 * deletion) and shells out to a Python {@code mlflow} CLI for artifacts. One transport
 * for every call gives the same auth, timeouts, retries and errors everywhere.
 * <p>
 * Retried: connection failures and timeouts ({@link IOException}), 5xx and 429. Never
 * retried: any other 4xx. MLflow answers a missing artifact with 500
 * {@code INTERNAL_ERROR}; that too is retried and then surfaces as
 * {@link MlflowUnavailableException} carrying MLflow's code and message.
 */
public class MlflowConnection {

	private static final String JSON = "application/json";

	private final MlflowProperties properties;

	private final String base;

	private final String authorization;

	private final HttpClient http;

	private final JsonMapper mapper;

	private final ObservationRegistry observations;

	private final String basePath;

	/**
	 * A connection whose calls are not observed.
	 * @param properties where the server is and how to call it
	 */
	public MlflowConnection(MlflowProperties properties) {
		this(properties, ObservationRegistry.NOOP);
	}

	/**
	 * A connection whose every call is an {@code mlflow.request} observation (a span when
	 * tracing is on) tagged with its method, normalised endpoint and outcome.
	 * @param properties where the server is and how to call it
	 * @param observations the app's observation registry
	 */
	public MlflowConnection(MlflowProperties properties, ObservationRegistry observations) {
		this.properties = properties;
		this.observations = observations;
		String uri = properties.uri().toString();
		this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
		this.authorization = authorization(properties);
		// HTTP/1.1 only: MLflow serves no HTTP/2, and the JDK's default h2c upgrade
		// request
		// makes MLflow 3's uvicorn log a warning per connection
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		this.mapper = JsonMapper.builder().build();
		String path = URI.create(this.base).getRawPath();
		this.basePath = (path != null) ? path : "";
	}

	private static String authorization(MlflowProperties properties) {
		if (properties.username() != null && properties.password() != null) {
			String credentials = properties.username() + ":" + properties.password();
			return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
		}
		if (properties.token() != null) {
			return "Bearer " + properties.token();
		}
		return null;
	}

	/**
	 * The settings this connection was built from.
	 * @return the properties
	 */
	public MlflowProperties properties() {
		return this.properties;
	}

	/**
	 * The JSON mapper used for request and answer bodies.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * The absolute URL of a server path.
	 * @param path an already encoded path starting with {@code /}
	 * @param query query parameters (values may be collections, repeated on the wire), or
	 * {@code null}
	 * @return the URL
	 */
	public URI url(String path, Map<String, ?> query) {
		StringBuilder url = new StringBuilder(this.base).append(path);
		if (query != null && !query.isEmpty()) {
			StringJoiner joiner = new StringJoiner("&", "?", "");
			query.forEach((name, value) -> {
				if (value instanceof Collection<?> values) {
					values.forEach((item) -> joiner.add(encode(name) + "=" + encode(String.valueOf(item))));
				}
				else if (value != null) {
					joiner.add(encode(name) + "=" + encode(String.valueOf(value)));
				}
			});
			url.append(joiner);
		}
		return URI.create(url.toString());
	}

	/**
	 * Sends a GET to a REST endpoint and parses the JSON answer.
	 * @param path the endpoint path, e.g. {@code /api/2.0/mlflow/runs/get}
	 * @param query the query parameters
	 * @return the parsed answer
	 */
	public JsonNode get(String path, Map<String, ?> query) {
		return json(send(request(url(path, query)).GET().build()));
	}

	/**
	 * Sends a JSON POST to a REST endpoint and parses the JSON answer.
	 * @param path the endpoint path
	 * @param body the request body, serialized with Jackson
	 * @return the parsed answer
	 */
	public JsonNode post(String path, Object body) {
		return json(send(jsonRequest("POST", path, body)));
	}

	/**
	 * Sends a JSON PATCH (MLflow 3's LoggedModel finalisation).
	 * @param path the endpoint path
	 * @param body the request body
	 * @return the parsed answer
	 */
	public JsonNode patch(String path, Object body) {
		return json(send(jsonRequest("PATCH", path, body)));
	}

	/**
	 * Sends a GET and reads the answer as UTF-8 text (MLflow's {@code /version}).
	 * @param path the encoded path
	 * @return the answer, trimmed
	 */
	public String getText(String path) {
		return new String(getBytes(path, null), StandardCharsets.UTF_8).trim();
	}

	/**
	 * Sends a JSON DELETE (MLflow reads DELETE parameters from a JSON body).
	 * @param path the endpoint path
	 * @param body the request body
	 * @return the parsed answer
	 */
	public JsonNode delete(String path, Object body) {
		return json(send(jsonRequest("DELETE", path, body)));
	}

	/**
	 * Uploads bytes with a PUT (the artifact proxy).
	 * @param path the encoded path
	 * @param content the bytes
	 */
	public void put(String path, byte[] content) {
		put(path, BodyPublishers.ofByteArray(content));
	}

	/**
	 * Uploads a file with a PUT, streaming it from disk.
	 * @param path the encoded path
	 * @param file the file
	 */
	public void put(String path, Path file) {
		try {
			put(path, BodyPublishers.ofFile(file));
		}
		catch (IOException ex) {
			throw new MlflowInvalidParameterException(null, 0, "Cannot read " + file + ": " + ex.getMessage());
		}
	}

	private void put(String path, BodyPublisher body) {
		send(request(url(path, null)).header("Content-Type", "application/octet-stream").PUT(body).build());
	}

	/**
	 * Sends a GET and returns the raw answer (artifact downloads).
	 * @param path the encoded path
	 * @param query the query parameters, or {@code null}
	 * @return the answer body
	 */
	public byte[] getBytes(String path, Map<String, ?> query) {
		return send(request(url(path, query)).GET().build()).body();
	}

	private HttpRequest jsonRequest(String method, String path, Object body) {
		byte[] content = this.mapper.writeValueAsBytes(body);
		return request(url(path, null)).header("Content-Type", JSON)
			.method(method, BodyPublishers.ofByteArray(content))
			.build();
	}

	private HttpRequest.Builder request(URI url) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(url)
			.timeout(this.properties.requestTimeout())
			.header("User-Agent", "mlpipeline-mlflow-client");
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private HttpResponse<byte[]> send(HttpRequest request) {
		if (this.observations.isNoop()) {
			return attempt(request);
		}
		Observation observation = Observation.createNotStarted("mlflow.request", this.observations)
			.lowCardinalityKeyValue("mlflow.method", request.method())
			.lowCardinalityKeyValue("mlflow.endpoint", endpoint(request))
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			HttpResponse<byte[]> response = attempt(request);
			observation.lowCardinalityKeyValue("outcome", "SUCCESS");
			return response;
		}
		catch (MlflowUnavailableException ex) {
			observation.lowCardinalityKeyValue("outcome", "UNAVAILABLE");
			observation.error(ex);
			throw ex;
		}
		catch (MlflowNotFoundException ex) {
			// a routine answer (no such alias, run or version), not a failed call
			observation.lowCardinalityKeyValue("outcome", "NOT_FOUND");
			throw ex;
		}
		catch (MlflowException ex) {
			observation.lowCardinalityKeyValue("outcome", "CLIENT_ERROR");
			observation.error(ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("outcome", "ERROR");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private String endpoint(HttpRequest request) {
		String path = request.uri().getRawPath();
		if (path != null && !this.basePath.isEmpty() && path.startsWith(this.basePath)) {
			path = path.substring(this.basePath.length());
		}
		return MlflowEndpoints.of(path);
	}

	private HttpResponse<byte[]> attempt(HttpRequest request) {
		int maxAttempts = this.properties.maxAttempts();
		for (int attempt = 1;; attempt++) {
			HttpResponse<byte[]> response;
			try {
				response = this.http.send(request, BodyHandlers.ofByteArray());
			}
			catch (IOException ex) {
				if (attempt >= maxAttempts) {
					throw new MlflowUnavailableException("MLflow " + request.method() + " " + request.uri()
							+ " failed after " + attempt + " attempt(s): " + ex, ex);
				}
				backOff(attempt);
				continue;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new MlflowUnavailableException("Interrupted while calling MLflow", ex);
			}
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return response;
			}
			if (isTransient(status) && attempt < maxAttempts) {
				backOff(attempt);
				continue;
			}
			throw error(request, response);
		}
	}

	static boolean isTransient(int status) {
		return status >= 500 || status == 429;
	}

	private void backOff(int attempt) {
		Duration delay = backoff(attempt, this.properties.initialBackoff(), this.properties.maxBackoff());
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MlflowUnavailableException("Interrupted while waiting to retry an MLflow call", ex);
		}
	}

	static Duration backoff(int attempt, Duration initial, Duration max) {
		long millis = initial.toMillis();
		for (int i = 1; i < attempt && millis < max.toMillis(); i++) {
			millis *= 2;
		}
		return Duration.ofMillis(Math.min(millis, max.toMillis()));
	}

	private MlflowException error(HttpRequest request, HttpResponse<byte[]> response) {
		int status = response.statusCode();
		String errorCode = null;
		String message = null;
		String text = new String(response.body(), StandardCharsets.UTF_8);
		try {
			JsonNode body = this.mapper.readTree(text);
			if (body != null && body.isObject()) {
				errorCode = body.hasNonNull("error_code") ? body.get("error_code").asString() : null;
				message = body.hasNonNull("message") ? body.get("message").asString() : null;
			}
		}
		catch (JacksonException ex) {
			// not JSON: an HTML error page from the web server in front of MLflow
		}
		if (message == null) {
			message = "MLflow " + request.method() + " " + request.uri().getRawPath() + " answered HTTP " + status
					+ (text.isBlank() ? "" : ": " + abbreviate(text));
		}
		return exception(errorCode, status, message);
	}

	static MlflowException exception(String errorCode, int status, String message) {
		if (status == 401 || status == 403 || "UNAUTHENTICATED".equals(errorCode)
				|| "PERMISSION_DENIED".equals(errorCode)) {
			return new MlflowUnauthorizedException(errorCode, status, message);
		}
		if (isTransient(status)) {
			return new MlflowUnavailableException(errorCode, status, message);
		}
		if ("RESOURCE_DOES_NOT_EXIST".equals(errorCode) || "ENDPOINT_NOT_FOUND".equals(errorCode)
				|| (errorCode == null && status == 404)) {
			return new MlflowNotFoundException(errorCode, status, message);
		}
		if ("RESOURCE_ALREADY_EXISTS".equals(errorCode)) {
			return new MlflowAlreadyExistsException(errorCode, status, message);
		}
		if (status == 400 || "INVALID_PARAMETER_VALUE".equals(errorCode) || "BAD_REQUEST".equals(errorCode)) {
			return new MlflowInvalidParameterException(errorCode, status, message);
		}
		return new MlflowException(errorCode, status, message);
	}

	private static String abbreviate(String text) {
		String flat = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
		return (flat.length() > 200) ? flat.substring(0, 200) + "..." : flat;
	}

	private JsonNode json(HttpResponse<byte[]> response) {
		byte[] body = response.body();
		if (body.length == 0) {
			return this.mapper.createObjectNode();
		}
		try {
			return this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MlflowException(null, response.statusCode(),
					"MLflow answered " + response.request().uri().getRawPath() + " with a body that is not JSON", ex);
		}
	}

	/**
	 * Percent-encodes one query value or path segment.
	 * @param value the raw value
	 * @return the encoded value
	 */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Percent-encodes a slash-separated path, keeping the slashes.
	 * @param path the raw path
	 * @return the encoded path
	 */
	static String encodePath(String path) {
		StringJoiner joiner = new StringJoiner("/");
		for (String segment : path.split("/", -1)) {
			joiner.add(encode(segment));
		}
		return joiner.toString();
	}

}
