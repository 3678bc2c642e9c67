package dev.mlpipeline.mlflow.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-process double of an MLflow tracking server started with
 * {@code --serve-artifacts} that answers like MLflow 2.17 or like MLflow 3.11
 * ({@link Flavor}): the subset of the REST API the pipeline uses, with the same paths,
 * methods, JSON field names and types, status codes, {@code error_code}s and
 * {@code mlflow-artifacts:/} URIs as the recordings in
 * {@code mlflow-contract/mlflow-2.17.0-rest.jsonl} and {@code mlflow-3.11.1-rest.jsonl},
 * state kept in memory.
 * <p>
 * The 3.11 flavour adds what the 3.11.1 recording shows: {@code LoggedModel}s and run
 * outputs, {@code inputs}/{@code outputs} on runs, paged metric history (no points
 * without {@code max_results}), base64 page tokens, the security headers and the
 * Host-header and cross-origin guard ({@link #setAllowedHosts(String)},
 * {@link #disableSecurityMiddleware(boolean)}). {@link #start()} picks the flavour named
 * by the system property {@value #FLAVOR_PROPERTY} ({@code 2.17} or {@code 3.11}, default
 * {@code 3.11}).
 * <p>
 * Besides MLflow's behaviour it offers what a real server cannot: fault injection,
 * request recording, a required {@code Authorization} header and slow or failing model
 * version registration, on both flavours.
 */
public final class MlflowTestServer implements AutoCloseable {

	/** The system property naming the default flavour: {@code 2.17} or {@code 3.11}. */
	public static final String FLAVOR_PROPERTY = "mlflow.test-server";

	/**
	 * The endpoints (method and path) the 2.17 flavour implements, as
	 * {@code METHOD path}.
	 */
	public static final Set<String> SUPPORTED = Set.of("GET /health", "GET /version",
			"POST /api/2.0/mlflow/experiments/create", "GET /api/2.0/mlflow/experiments/get",
			"GET /api/2.0/mlflow/experiments/get-by-name", "GET /api/2.0/mlflow/experiments/search",
			"POST /api/2.0/mlflow/experiments/search", "POST /api/2.0/mlflow/runs/create",
			"GET /api/2.0/mlflow/runs/get", "POST /api/2.0/mlflow/runs/update",
			"POST /api/2.0/mlflow/runs/log-parameter", "POST /api/2.0/mlflow/runs/log-metric",
			"POST /api/2.0/mlflow/runs/log-batch", "POST /api/2.0/mlflow/runs/set-tag",
			"POST /api/2.0/mlflow/runs/search", "GET /api/2.0/mlflow/metrics/get-history",
			"GET /api/2.0/mlflow/artifacts/list", "GET /api/2.0/mlflow-artifacts/artifacts",
			"GET /api/2.0/mlflow-artifacts/artifacts/*", "PUT /api/2.0/mlflow-artifacts/artifacts/*",
			"DELETE /api/2.0/mlflow-artifacts/artifacts/*", "POST /api/2.0/mlflow/registered-models/create",
			"GET /api/2.0/mlflow/registered-models/get", "GET /api/2.0/mlflow/registered-models/search",
			"DELETE /api/2.0/mlflow/registered-models/delete", "POST /api/2.0/mlflow/registered-models/set-tag",
			"DELETE /api/2.0/mlflow/registered-models/delete-tag",
			"GET /api/2.0/mlflow/registered-models/get-latest-versions",
			"POST /api/2.0/mlflow/registered-models/get-latest-versions",
			"POST /api/2.0/mlflow/registered-models/alias", "GET /api/2.0/mlflow/registered-models/alias",
			"DELETE /api/2.0/mlflow/registered-models/alias", "POST /api/2.0/mlflow/model-versions/create",
			"GET /api/2.0/mlflow/model-versions/get", "GET /api/2.0/mlflow/model-versions/search",
			"DELETE /api/2.0/mlflow/model-versions/delete", "POST /api/2.0/mlflow/model-versions/transition-stage",
			"POST /api/2.0/mlflow/model-versions/set-tag", "DELETE /api/2.0/mlflow/model-versions/delete-tag",
			"GET /api/2.0/mlflow/model-versions/get-download-uri");

	/**
	 * The endpoints the 3.11 flavour implements: those of {@link #SUPPORTED}, the logged
	 * model and run output endpoints, and the CORS preflight ({@code OPTIONS /api/*}).
	 */
	public static final Set<String> SUPPORTED_3_11 = Stream.concat(SUPPORTED.stream(),
			Stream.of("POST /api/2.0/mlflow/logged-models", "GET /api/2.0/mlflow/logged-models/*",
					"PATCH /api/2.0/mlflow/logged-models/*", "POST /api/2.0/mlflow/logged-models/search",
					"POST /api/2.0/mlflow/logged-models/*/params", "POST /api/2.0/mlflow/runs/outputs",
					"OPTIONS /api/*"))
		.collect(Collectors.toUnmodifiableSet());

	/** The MLflow release a server answers like. */
	public enum Flavor {

		/** MLflow 2.17.0, as recorded in {@code mlflow-2.17.0-rest.jsonl}. */
		MLFLOW_2_17("2.17.0"),

		/** MLflow 3.11.1, as recorded in {@code mlflow-3.11.1-rest.jsonl}. */
		MLFLOW_3_11("3.11.1");

		private final String version;

		Flavor(String version) {
			this.version = version;
		}

		/**
		 * The version {@code GET /version} answers.
		 * @return e.g. {@code 3.11.1}
		 */
		public String version() {
			return this.version;
		}

		/**
		 * The endpoints this flavour implements, as {@code METHOD path}.
		 * @return {@link #SUPPORTED} or {@link #SUPPORTED_3_11}
		 */
		public Set<String> supported() {
			return (this == MLFLOW_2_17) ? SUPPORTED : SUPPORTED_3_11;
		}

		/**
		 * The flavour named by the system property
		 * {@value MlflowTestServer#FLAVOR_PROPERTY}: {@code 2.17} or {@code 3.11}; 3.11
		 * when unset, as compose defaults to MLflow 3.
		 * @return the default flavour
		 * @throws IllegalArgumentException when the property names another version
		 */
		public static Flavor fromSystemProperty() {
			String value = System.getProperty(FLAVOR_PROPERTY, "").trim();
			if (value.isEmpty()) {
				return MLFLOW_3_11;
			}
			for (Flavor flavor : values()) {
				if (flavor.version.equals(value) || flavor.version.startsWith(value + ".")) {
					return flavor;
				}
			}
			throw new IllegalArgumentException(
					"System property " + FLAVOR_PROPERTY + "=" + value + " names no flavour: use 2.17 or 3.11");
		}

	}

	private static final String API = "/api/2.0/mlflow";

	private static final String PROXY = "/api/2.0/mlflow-artifacts/artifacts";

	private static final String STORE_ROOT = "/srv/mlflow/artifacts";

	/** File extensions (or names) MLflow serves as {@code text/plain}. */
	private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini",
			"properties", "prop", "hocon", "toml", "yaml", "yml", "xml", "json", "js", "py", "py3", "csv", "tsv", "md",
			"rst", "MLmodel", "MLproject");

	private static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");

	private static final String NOT_FOUND_PAGE = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
			+ "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL "
			+ "manually please check your spelling and try again.</p>\n";

	private static final String METHOD_NOT_ALLOWED_PAGE = "<!doctype html>\n<html lang=en>\n"
			+ "<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n"
			+ "<p>The method is not allowed for the requested URL.</p>\n";

	private static final String INVALID_HOST = "Invalid Host header - possible DNS rebinding attack detected";

	private static final Set<String> HEALTH_ENDPOINTS = Set.of("/health", "/version");

	private static final Set<String> STATE_CHANGING_METHODS = Set.of("POST", "PUT", "DELETE", "PATCH");

	private static final Set<String> LOCALHOST_ORIGIN_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

	/**
	 * MLflow 3's default {@code --allowed-hosts}: loopback names with any port, private
	 * IPs.
	 */
	private static final List<String> DEFAULT_ALLOWED_HOSTS = Stream
		.of(Stream.of("localhost", "127.0.0.1", "[::1]", "0.0.0.0"),
				Stream.of("localhost:*", "127.0.0.1:*", "[[]::1]:*", "0.0.0.0:*", "192.168.*", "10.*"),
				IntStream.range(16, 32).mapToObj((i) -> "172." + i + ".*"), Stream.of("fc00:*", "fd00:*"))
		.flatMap(Function.identity())
		.toList();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final Flavor flavor;

	private final HttpServer server;

	private final ExecutorService executor;

	private final Map<String, Map<String, Function<Request, Response>>> routes = new HashMap<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private final Object lock = new Object();

	private volatile int failureStatus = 503;

	private volatile boolean unavailable;

	private volatile String requiredAuthorization;

	private volatile List<String> allowedHosts = DEFAULT_ALLOWED_HOSTS;

	private volatile boolean securityDisabled;

	private int pendingPolls;

	private boolean failNextRegistration;

	private State state = new State();

	private MlflowTestServer(Flavor flavor) throws IOException {
		this.flavor = flavor;
		// without TCP_NODELAY every small answer waits ~40 ms for a delayed ACK
		System.setProperty("sun.net.httpserver.nodelay", "true");
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.executor = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "mlflow-test-server");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		registerRoutes();
	}

	/**
	 * Starts a server of the default flavour ({@link Flavor#fromSystemProperty()}) on a
	 * free loopback port.
	 * @return the running server
	 */
	public static MlflowTestServer start() {
		return start(Flavor.fromSystemProperty());
	}

	/**
	 * Starts a server of the given flavour on a free loopback port.
	 * @param flavor the MLflow release to answer like
	 * @return the running server
	 */
	public static MlflowTestServer start(Flavor flavor) {
		try {
			MlflowTestServer testServer = new MlflowTestServer(flavor);
			testServer.server.start();
			return testServer;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the MLflow test server", ex);
		}
	}

	/**
	 * The MLflow release this server answers like.
	 * @return the flavour
	 */
	public Flavor flavor() {
		return this.flavor;
	}

	/**
	 * The base URI to use as {@code MLFLOW_TRACKING_URI}.
	 * @return e.g. {@code http://127.0.0.1:43121}
	 */
	public URI uri() {
		InetSocketAddress address = this.server.getAddress();
		return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * Answers the next {@code count} requests with {@code status} and a JSON error body
	 * before any other processing.
	 * @param count how many requests fail
	 * @param status the status to answer, e.g. 503 or 429
	 */
	public void failNextRequests(int count, int status) {
		this.failureStatus = status;
		this.failuresLeft.set(count);
	}

	/**
	 * Makes every request answer 503 until switched off.
	 * @param unavailable whether the server is unavailable
	 */
	public void setUnavailable(boolean unavailable) {
		this.unavailable = unavailable;
	}

	/**
	 * Requires this exact {@code Authorization} header on every API call (401 otherwise),
	 * like a server started with {@code --app-name basic-auth}.
	 * @param authorization the header value, or {@code null} to accept anything
	 */
	public void requireAuthorization(String authorization) {
		this.requiredAuthorization = authorization;
	}

	/**
	 * Sets the {@code Host} headers the 3.11 flavour accepts, like
	 * {@code mlflow server --allowed-hosts}: the list replaces the defaults (localhost,
	 * 127.0.0.1, [::1] and 0.0.0.0 with any port, and private IPs); entries match exactly
	 * unless they contain {@code *} (fnmatch-style); {@code *} alone allows every host.
	 * The 2.17 flavour has no Host guard and ignores this.
	 * @param commaSeparatedHosts e.g. {@code mlflow,mlflow:*,localhost:*}, or
	 * {@code null} for the defaults
	 */
	public void setAllowedHosts(String commaSeparatedHosts) {
		this.allowedHosts = (commaSeparatedHosts == null) ? DEFAULT_ALLOWED_HOSTS
				: Stream.of(commaSeparatedHosts.split(",")).map(String::trim).toList();
	}

	/**
	 * Switches the 3.11 flavour's security middleware off or on, like
	 * {@code mlflow server --disable-security-middleware}: no Host or cross-origin guard
	 * and no security headers. The 2.17 flavour has none and ignores this.
	 * @param disabled whether the middleware is off
	 */
	public void disableSecurityMiddleware(boolean disabled) {
		this.securityDisabled = disabled;
	}

	/**
	 * Makes new model versions stay {@code PENDING_REGISTRATION} for this many reads,
	 * like a registry copying artifacts asynchronously.
	 * @param polls the reads before the version settles
	 */
	public void setPendingRegistrationPolls(int polls) {
		synchronized (this.lock) {
			this.pendingPolls = polls;
		}
	}

	/**
	 * Makes the next model version end in {@code FAILED_REGISTRATION}.
	 */
	public void failNextRegistration() {
		synchronized (this.lock) {
			this.failNextRegistration = true;
		}
	}

	/**
	 * The requests received since the start or the last {@link #reset()}.
	 * @return the requests, oldest first
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The last request received.
	 * @return the request, or empty
	 */
	public Optional<RecordedRequest> lastRequest() {
		List<RecordedRequest> all = requests();
		return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
	}

	/**
	 * Forgets every experiment, run, artifact, logged and registered model, every
	 * recorded request and every injected fault, and restores the default security
	 * settings.
	 */
	public void reset() {
		synchronized (this.lock) {
			this.state = new State();
			this.pendingPolls = 0;
			this.failNextRegistration = false;
		}
		this.requests.clear();
		this.failuresLeft.set(0);
		this.unavailable = false;
		this.requiredAuthorization = null;
		this.allowedHosts = DEFAULT_ALLOWED_HOSTS;
		this.securityDisabled = false;
	}

	private boolean isV3() {
		return this.flavor == Flavor.MLFLOW_3_11;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Response response;
			try {
				response = respond(exchange);
			}
			catch (MlflowError error) {
				response = error.response(this);
			}
			catch (RuntimeException ex) {
				response = json(500, error("INTERNAL_ERROR", String.valueOf(ex)));
			}
			exchange.getResponseHeaders().set("Content-Type", response.contentType());
			response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			exchange.sendResponseHeaders(response.status(),
					(response.body().length == 0) ? -1 : response.body().length);
			if (response.body().length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(response.body());
				}
			}
		}
	}

	private Response respond(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getRawPath();
		Map<String, List<String>> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		this.requests.add(new RecordedRequest(method, path, exchange.getRequestURI().getRawQuery(), headers,
				new String(body, StandardCharsets.UTF_8)));
		if (this.unavailable) {
			return json(503, error("TEMPORARILY_UNAVAILABLE", "The MLflow test server is unavailable"));
		}
		if (this.failuresLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			return json(this.failureStatus,
					error((this.failureStatus == 429) ? "REQUEST_LIMIT_EXCEEDED" : "TEMPORARILY_UNAVAILABLE",
							"Injected failure " + this.failureStatus));
		}
		String host = exchange.getRequestHeaders().getFirst("Host");
		if (isV3() && host == null && exchange.getProtocol().equals("HTTP/1.1")) {
			// MLflow 3 runs on uvicorn, whose HTTP parser refuses an HTTP/1.1 request
			// without Host
			return new Response(400, "text/plain; charset=utf-8",
					"Invalid HTTP request received.".getBytes(StandardCharsets.UTF_8), Map.of());
		}
		if (!isV3() || this.securityDisabled) {
			return dispatch(exchange, method, path, body);
		}
		String origin = exchange.getRequestHeaders().getFirst("Origin");
		Map<String, String> cors = new LinkedHashMap<>();
		boolean localOrigin = origin != null && isLocalhostOrigin(origin);
		if (origin != null && localOrigin) {
			cors.put("Access-Control-Allow-Origin", origin);
		}
		if (origin != null) {
			cors.put("Access-Control-Allow-Credentials", "true");
		}
		if (!HEALTH_ENDPOINTS.contains(path) && !isAllowedHost(host)) {
			return new Response(403, "text/plain", INVALID_HOST.getBytes(StandardCharsets.UTF_8), Map.of());
		}
		boolean api = path.startsWith("/api/") || path.startsWith("/ajax-api/");
		if (api && method.equals("OPTIONS") && origin != null
				&& exchange.getRequestHeaders().getFirst("Access-Control-Request-Method") != null) {
			Map<String, String> preflight = new LinkedHashMap<>(cors);
			preflight.put("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS, PATCH");
			preflight.put("Vary", "Origin");
			return localOrigin
					? new Response(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8), preflight)
					: new Response(400, "text/plain; charset=utf-8",
							"Disallowed CORS origin".getBytes(StandardCharsets.UTF_8), preflight);
		}
		if (api && origin != null && !localOrigin && STATE_CHANGING_METHODS.contains(method)) {
			return new Response(403, "text/plain", "Cross-origin request blocked".getBytes(StandardCharsets.UTF_8),
					cors);
		}
		Response response;
		try {
			response = dispatch(exchange, method, path, body);
		}
		catch (MlflowError error) {
			response = error.response(this);
		}
		Map<String, String> secured = new LinkedHashMap<>(response.headers());
		secured.put("X-Content-Type-Options", "nosniff");
		secured.put("X-Frame-Options", "SAMEORIGIN");
		secured.putAll(cors);
		if (localOrigin) {
			// what MLflow 3.11.1 sends: Flask's and Starlette's CORS layers both add
			// Origin
			secured.put("Vary", "Origin, Origin");
		}
		return new Response(response.status(), response.contentType(), response.body(), secured);
	}

	private Response dispatch(HttpExchange exchange, String method, String path, byte[] body) {
		String required = this.requiredAuthorization;
		String given = exchange.getRequestHeaders().getFirst("Authorization");
		if (required != null && !path.equals("/health") && !required.equals(given)) {
			return new Response(401, "text/plain; charset=utf-8",
					("You are not authenticated. Please see "
							+ "https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow "
							+ "on how to authenticate.")
						.getBytes(StandardCharsets.UTF_8),
					Map.of("WWW-Authenticate", "Basic realm=\"mlflow\""));
		}
		Map<String, Function<Request, Response>> byMethod = this.routes.get(routeOf(path));
		if (byMethod == null) {
			return new Response(404, "text/html; charset=utf-8", NOT_FOUND_PAGE.getBytes(StandardCharsets.UTF_8),
					Map.of());
		}
		Function<Request, Response> handler = byMethod.get(method);
		if (handler == null) {
			return new Response(405, "text/html; charset=utf-8",
					METHOD_NOT_ALLOWED_PAGE.getBytes(StandardCharsets.UTF_8),
					Map.of("Allow", String.join(", ", byMethod.keySet())));
		}
		Request request = new Request(method, URLDecoder.decode(path, StandardCharsets.UTF_8),
				query(exchange.getRequestURI().getRawQuery()), body,
				exchange.getRequestHeaders().getFirst("Content-Type"));
		synchronized (this.lock) {
			return handler.apply(request);
		}
	}

	/**
	 * The route a raw request path belongs to: the path itself, or a pattern with
	 * {@code *} for the artifact proxy and a logged model's id.
	 * @param path the raw request path
	 * @return the route, as in {@link #SUPPORTED} without the method
	 */
	static String routeOf(String path) {
		if (path.startsWith(PROXY + "/")) {
			return PROXY + "/*";
		}
		String models = API + "/logged-models/";
		if (path.startsWith(models) && !path.equals(models + "search")) {
			String rest = path.substring(models.length());
			if (rest.matches("[^/]+")) {
				return models + "*";
			}
			if (rest.matches("[^/]+/params")) {
				return models + "*/params";
			}
		}
		return path;
	}

	private boolean isAllowedHost(String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		List<String> allowed = this.allowedHosts;
		if (allowed.contains("*")) {
			return true;
		}
		for (String pattern : allowed) {
			if (pattern.contains("*") ? fnmatch(pattern, host) : pattern.equals(host)) {
				return true;
			}
		}
		return false;
	}

	/** Python's {@code fnmatch}: {@code *}, {@code ?} and {@code [...]} classes. */
	private static boolean fnmatch(String pattern, String text) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*') {
				regex.append(".*");
			}
			else if (c == '?') {
				regex.append('.');
			}
			else if (c == '[' && pattern.indexOf(']', i + 2) > 0) {
				int end = pattern.indexOf(']', i + 2);
				String set = pattern.substring(i + 1, end);
				regex.append('[')
					.append(set.startsWith("!") ? "^" + Pattern.quote(set.substring(1)) : Pattern.quote(set))
					.append(']');
				i = end;
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return text.matches(regex.toString());
	}

	private static boolean isLocalhostOrigin(String origin) {
		try {
			String host = URI.create(origin).getHost();
			return host != null && LOCALHOST_ORIGIN_HOSTS.contains(host);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static Map<String, List<String>> query(String raw) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (raw != null && !raw.isEmpty()) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals),
						StandardCharsets.UTF_8);
				String value = (equals < 0) ? ""
						: URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
		return query;
	}

	private void route(String method, String path, Function<Params, Object> handler) {
		this.routes.computeIfAbsent(path, (key) -> new LinkedHashMap<>()).put(method, (request) -> {
			Params params = params(request).at(request.path());
			Object result = handler.apply(params);
			return (result instanceof Response response) ? response : json(200, (JsonNode) result);
		});
	}

	private void raw(String method, String path, Function<Request, Response> handler) {
		this.routes.computeIfAbsent(path, (key) -> new LinkedHashMap<>()).put(method, handler);
	}

	private Params params(Request request) {
		if (request.method().equals("GET")) {
			ObjectNode node = this.nodes.objectNode();
			request.query().forEach((name, values) -> {
				if (values.size() == 1 && !name.equals("stages") && !name.equals("experiment_ids")) {
					node.put(name, values.get(0));
				}
				else {
					ArrayNode array = node.putArray(name);
					values.forEach(array::add);
				}
			});
			return new Params(node);
		}
		String contentType = request.contentType();
		if (contentType == null) {
			throw invalid("Bad Request. Content-Type header is missing.");
		}
		if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
			throw invalid("Bad Request. Content-Type must be one of ['application/json'].");
		}
		JsonNode body;
		try {
			body = (request.body().length == 0) ? this.nodes.objectNode() : this.mapper.readTree(request.body());
		}
		catch (JacksonException ex) {
			body = this.nodes.objectNode();
		}
		return new Params((body != null && body.isObject()) ? (ObjectNode) body : this.nodes.objectNode());
	}

	private void registerRoutes() {
		raw("GET", "/health", (request) -> text(200, "OK"));
		raw("GET", "/version", (request) -> text(200, this.flavor.version()));
		route("POST", API + "/experiments/create", this::createExperiment);
		route("GET", API + "/experiments/get", (p) -> experimentAnswer(experiment(p.required("experiment_id"))));
		route("GET", API + "/experiments/get-by-name", this::getExperimentByName);
		route("GET", API + "/experiments/search", this::searchExperiments);
		route("POST", API + "/experiments/search", this::searchExperiments);
		route("POST", API + "/runs/create", this::createRun);
		route("GET", API + "/runs/get", (p) -> object().set("run", runJson(run(p.runId()), true)));
		route("POST", API + "/runs/update", this::updateRun);
		route("POST", API + "/runs/log-parameter", this::logParameter);
		route("POST", API + "/runs/log-metric", this::logMetric);
		route("POST", API + "/runs/log-batch", this::logBatch);
		route("POST", API + "/runs/set-tag", this::setRunTag);
		route("POST", API + "/runs/search", this::searchRuns);
		route("GET", API + "/metrics/get-history", this::metricHistory);
		route("GET", API + "/artifacts/list", this::listRunArtifacts);
		route("GET", PROXY, this::listArtifacts);
		raw("GET", PROXY + "/*", this::downloadArtifact);
		raw("PUT", PROXY + "/*", this::uploadArtifact);
		raw("DELETE", PROXY + "/*", this::deleteArtifact);
		route("POST", API + "/registered-models/create", this::createRegisteredModel);
		route("GET", API + "/registered-models/get",
				(p) -> object().set("registered_model", modelJson(model(p.required("name")))));
		route("GET", API + "/registered-models/search", this::searchRegisteredModels);
		route("DELETE", API + "/registered-models/delete", this::deleteRegisteredModel);
		route("POST", API + "/registered-models/set-tag", this::setModelTag);
		route("DELETE", API + "/registered-models/delete-tag", this::deleteModelTag);
		route("GET", API + "/registered-models/get-latest-versions", this::latestVersions);
		route("POST", API + "/registered-models/get-latest-versions", this::latestVersions);
		route("POST", API + "/registered-models/alias", this::setAlias);
		route("GET", API + "/registered-models/alias", this::getByAlias);
		route("DELETE", API + "/registered-models/alias", this::deleteAlias);
		route("POST", API + "/model-versions/create", this::createModelVersion);
		route("GET", API + "/model-versions/get", this::getModelVersion);
		route("GET", API + "/model-versions/search", this::searchModelVersions);
		route("DELETE", API + "/model-versions/delete", this::deleteModelVersion);
		route("POST", API + "/model-versions/transition-stage", this::transitionStage);
		route("POST", API + "/model-versions/set-tag", this::setVersionTag);
		route("DELETE", API + "/model-versions/delete-tag", this::deleteVersionTag);
		route("GET", API + "/model-versions/get-download-uri", this::downloadUri);
		if (isV3()) {
			route("POST", API + "/logged-models", this::createLoggedModel);
			route("GET", API + "/logged-models/*", (p) -> modelAnswer(loggedModel(p.pathId())));
			route("PATCH", API + "/logged-models/*", this::finalizeLoggedModel);
			route("POST", API + "/logged-models/search", this::searchLoggedModels);
			route("POST", API + "/logged-models/*/params", this::logLoggedModelParams);
			route("POST", API + "/runs/outputs", this::logOutputs);
		}
	}

	private JsonNode createExperiment(Params p) {
		String name = p.required("name");
		if (this.state.experimentsByName(name).isPresent()) {
			throw new MlflowError(400, "RESOURCE_ALREADY_EXISTS", "Experiment(name=" + name + ") already exists.");
		}
		ExperimentState experiment = new ExperimentState(String.valueOf(this.state.nextExperimentId++), name);
		experiment.artifactLocation = p.text("artifact_location").orElse("mlflow-artifacts:/" + experiment.id);
		experiment.tags.putAll(p.keyValues("tags"));
		this.state.experiments.put(experiment.id, experiment);
		return object().put("experiment_id", experiment.id);
	}

	private JsonNode getExperimentByName(Params p) {
		String name = p.required("experiment_name");
		return experimentAnswer(this.state.experimentsByName(name)
			.orElseThrow(() -> notFound("Could not find experiment with name '" + name + "'")));
	}

	private JsonNode experimentAnswer(ExperimentState experiment) {
		return object().set("experiment", experimentJson(experiment));
	}

	private JsonNode searchExperiments(Params p) {
		long maxResults = p.number("max_results").orElse(0L);
		if (maxResults <= 0) {
			throw invalid("Invalid value " + maxResults
					+ " for parameter 'max_results' supplied. It must be a positive integer");
		}
		Optional<String> filter = p.text("filter");
		List<ExperimentState> found = new ArrayList<>(this.state.experiments.values());
		found.removeIf((experiment) -> filter.isPresent() && !matchesName(filter.get(), experiment.name));
		found.sort(Comparator.comparingLong((ExperimentState experiment) -> experiment.creationTime)
			.thenComparing((experiment) -> Integer.parseInt(experiment.id))
			.reversed());
		ObjectNode answer = object();
		int offset = isV3() ? pageOffset(p.text("page_token")) : 0;
		List<ExperimentState> page = found.subList(Math.min(offset, found.size()),
				(int) Math.min(found.size(), offset + maxResults));
		if (!page.isEmpty()) {
			ArrayNode array = answer.putArray("experiments");
			page.forEach((experiment) -> array.add(experimentJson(experiment)));
		}
		if (isV3() && offset + maxResults < found.size()) {
			answer.put("next_page_token", pageToken(offset + maxResults));
		}
		return answer;
	}

	private ExperimentState experiment(String id) {
		ExperimentState experiment = this.state.experiments.get(id);
		if (experiment == null) {
			throw notFound("No Experiment with id=" + id + " exists");
		}
		return experiment;
	}

	private ObjectNode experimentJson(ExperimentState experiment) {
		ObjectNode node = object().put("experiment_id", experiment.id)
			.put("name", experiment.name)
			.put("artifact_location", experiment.artifactLocation)
			.put("lifecycle_stage", "active")
			.put("last_update_time", experiment.creationTime)
			.put("creation_time", experiment.creationTime);
		putKeyValues(node, "tags", experiment.tags);
		return node;
	}

	private JsonNode createRun(Params p) {
		ExperimentState experiment = experiment(p.text("experiment_id").orElse("0"));
		RunState run = new RunState(UUID.randomUUID().toString().replace("-", ""), experiment.id);
		run.startTime = p.number("start_time").orElse(System.currentTimeMillis());
		run.userId = p.text("user_id").orElse("");
		Map<String, String> tags = p.keyValues("tags");
		run.name = p.text("run_name")
			.or(() -> Optional.ofNullable(tags.get("mlflow.runName")))
			.orElse("run-" + run.id.substring(0, 8));
		run.artifactUri = experiment.artifactLocation + "/" + run.id + "/artifacts";
		run.tags.putAll(tags);
		run.tags.put("mlflow.runName", run.name);
		this.state.runs.put(run.id, run);
		return object().set("run", runJson(run, false));
	}

	private JsonNode updateRun(Params p) {
		RunState run = run(p.runId());
		p.text("status").ifPresent((status) -> run.status = status);
		p.number("end_time").ifPresent((end) -> run.endTime = end);
		p.text("run_name").ifPresent((name) -> {
			run.name = name;
			run.tags.put("mlflow.runName", name);
		});
		return object().set("run_info", runInfo(run));
	}

	private JsonNode logParameter(Params p) {
		RunState run = run(p.runId());
		logParam(run, p.required("key"), p.text("value").orElseThrow(() -> missing("value")));
		return object();
	}

	private static void logParam(RunState run, String key, String value) {
		String existing = run.params.get(key);
		if (existing != null && !existing.equals(value)) {
			throw invalid(
					"Changing param values is not allowed. Param with key='" + key + "' was already logged with value='"
							+ existing + "' for run ID='" + run.id + "'. Attempted logging new value '" + value + "'.");
		}
		run.params.put(key, value);
	}

	private JsonNode logMetric(Params p) {
		RunState run = run(p.runId());
		logMetric(run, p.body());
		return object();
	}

	private void logMetric(RunState run, JsonNode metric) {
		String key = Params.textOf(metric, "key").orElseThrow(() -> missing("key"));
		JsonNode value = metric.get("value");
		if (value == null || value.isNull()) {
			throw missing("value");
		}
		if (!value.isNumber()) {
			throw invalid("Invalid value \"" + value.asString()
					+ "\" for parameter 'value' supplied:  Hint: Value was of type '"
					+ (value.isString() ? "str" : value.getNodeType().name().toLowerCase(Locale.ROOT))
					+ "'. See the API docs for more information about request parameters.");
		}
		JsonNode timestamp = metric.get("timestamp");
		if (timestamp == null || timestamp.isNull()) {
			throw missing("timestamp");
		}
		ObjectNode entry = object().put("key", key)
			.put("value", value.asDouble())
			.put("timestamp", timestamp.asLong())
			.put("step", metric.path("step").asLong(0));
		String modelId = isV3() ? Params.textOf(metric, "model_id").orElse(null) : null;
		if (modelId != null) {
			loggedModel(modelId).metrics.add(entry.deepCopy().put("model_id", modelId).put("run_id", run.id));
		}
		run.history.add(entry);
		ObjectNode latest = run.metrics.get(key);
		if (latest == null || latest.get("step").asLong() < entry.get("step").asLong()
				|| (latest.get("step").asLong() == entry.get("step").asLong()
						&& latest.get("timestamp").asLong() <= entry.get("timestamp").asLong())) {
			run.metrics.put(key, entry);
		}
	}

	private JsonNode logBatch(Params p) {
		RunState run = run(p.runId());
		for (JsonNode param : p.array("params")) {
			logParam(run, Params.textOf(param, "key").orElseThrow(() -> missing("key")),
					Params.textOf(param, "value").orElse(""));
		}
		for (JsonNode metric : p.array("metrics")) {
			logMetric(run, metric);
		}
		run.tags.putAll(p.keyValues("tags"));
		return object();
	}

	private JsonNode setRunTag(Params p) {
		RunState run = run(p.runId());
		String key = p.required("key");
		String value = p.text("value").orElseThrow(() -> missing("value"));
		run.tags.put(key, value);
		if (key.equals("mlflow.runName")) {
			run.name = value;
		}
		return object();
	}

	private JsonNode searchRuns(Params p) {
		List<String> experimentIds = new ArrayList<>();
		p.array("experiment_ids").forEach((id) -> experimentIds.add(id.asString()));
		List<Predicate> filter = runFilter(p.text("filter").orElse(""));
		List<RunState> found = new ArrayList<>();
		for (RunState run : this.state.runs.values()) {
			if (experimentIds.contains(run.experimentId) && filter.stream().allMatch((clause) -> clause.test(run))) {
				found.add(run);
			}
		}
		found.sort(Comparator.comparingLong((RunState run) -> run.startTime).reversed());
		long max = p.number("max_results").orElse(1000L);
		int offset = pageOffset(p.text("page_token"));
		ObjectNode answer = object();
		List<RunState> page = found.subList(Math.min(offset, found.size()), (int) Math.min(found.size(), offset + max));
		if (!page.isEmpty()) {
			ArrayNode array = answer.putArray("runs");
			page.forEach((run) -> array.add(runJson(run, true)));
		}
		if (offset + max < found.size()) {
			answer.put("next_page_token", pageToken(offset + max));
		}
		return answer;
	}

	private JsonNode metricHistory(Params p) {
		RunState run = run(p.runId());
		String key = p.required("metric_key");
		ObjectNode answer = object();
		List<ObjectNode> history = run.history.stream()
			.filter((metric) -> metric.get("key").asString().equals(key))
			.toList();
		if (isV3()) {
			// MLflow 3 reads an absent max_results as 0: no points, only a token to
			// offset 0
			long max = p.number("max_results").orElse(0L);
			int offset = pageOffset(p.text("page_token"));
			List<ObjectNode> rest = history.subList(Math.min(offset, history.size()), history.size());
			List<ObjectNode> page = rest.subList(0, (int) Math.min(max, rest.size()));
			if (!page.isEmpty()) {
				answer.putArray("metrics").addAll(page);
			}
			if (rest.size() > max) {
				answer.put("next_page_token", pageToken(offset + max));
			}
			return answer;
		}
		if (!history.isEmpty()) {
			answer.putArray("metrics").addAll(history);
		}
		return answer;
	}

	/** A page token: base64 of Python's {@code json.dumps({"offset": n})} on 3.11. */
	private String pageToken(long offset) {
		return isV3()
				? Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8))
				: String.valueOf(offset);
	}

	/**
	 * The offset a page token names, refused as MLflow 3 refuses it (offset 0 included).
	 */
	private int pageOffset(Optional<String> token) {
		if (token.isEmpty()) {
			return 0;
		}
		if (!isV3()) {
			return Integer.parseInt(token.get());
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(token.get()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("Invalid page token, could not base64-decode");
		}
		JsonNode parsed;
		try {
			parsed = this.mapper.readTree(decoded);
		}
		catch (JacksonException ex) {
			throw invalid("Invalid page token, decoded value=b'" + decoded + "'");
		}
		JsonNode offset = (parsed != null && parsed.isObject()) ? parsed.get("offset") : null;
		if (offset == null || !offset.isIntegralNumber() || offset.asInt() == 0) {
			throw invalid("Invalid page token, parsed value=" + pythonRepr(parsed));
		}
		return offset.asInt();
	}

	private static String pythonRepr(JsonNode node) {
		if (node == null || node.isNull()) {
			return "None";
		}
		if (node.isObject()) {
			StringJoiner joiner = new StringJoiner(", ", "{", "}");
			node.properties()
				.forEach((entry) -> joiner.add("'" + entry.getKey() + "': " + pythonRepr(entry.getValue())));
			return joiner.toString();
		}
		if (node.isArray()) {
			StringJoiner joiner = new StringJoiner(", ", "[", "]");
			node.forEach((item) -> joiner.add(pythonRepr(item)));
			return joiner.toString();
		}
		if (node.isBoolean()) {
			return node.asBoolean() ? "True" : "False";
		}
		return node.isString() ? "'" + node.asString() + "'" : node.toString();
	}

	private RunState run(String id) {
		RunState run = this.state.runs.get(id);
		if (run == null) {
			throw notFound("Run with id=" + id + " not found");
		}
		return run;
	}

	private ObjectNode runInfo(RunState run) {
		ObjectNode info = object().put("run_uuid", run.id)
			.put("experiment_id", run.experimentId)
			.put("run_name", run.name)
			.put("user_id", run.userId)
			.put("status", run.status)
			.put("start_time", run.startTime);
		if (run.endTime != null) {
			info.put("end_time", run.endTime);
		}
		return info.put("artifact_uri", run.artifactUri).put("lifecycle_stage", "active").put("run_id", run.id);
	}

	private ObjectNode runJson(RunState run, boolean read) {
		ObjectNode node = object();
		node.set("info", runInfo(run));
		ObjectNode data = node.putObject("data");
		if (!run.metrics.isEmpty()) {
			data.putArray("metrics").addAll(run.metrics.values());
		}
		putKeyValues(data, "params", run.params);
		putKeyValues(data, "tags", run.tags);
		// 2.17 adds inputs only when a run is read; 3.11 on create too, and outputs when
		// read
		if (read || isV3()) {
			node.putObject("inputs");
		}
		if (read && isV3()) {
			ObjectNode outputs = node.putObject("outputs");
			if (!run.outputs.isEmpty()) {
				ArrayNode array = outputs.putArray("model_outputs");
				run.outputs.forEach((output) -> array.add(output.deepCopy()));
			}
		}
		return node;
	}

	private JsonNode listRunArtifacts(Params p) {
		RunState run = run(p.runId());
		String root = run.artifactUri.substring("mlflow-artifacts:/".length());
		String path = p.text("path").orElse("");
		ObjectNode answer = object().put("root_uri", run.artifactUri);
		ArrayNode files = listing(path.isEmpty() ? root : root + "/" + path, path.isEmpty() ? "" : path + "/");
		if (!files.isEmpty()) {
			answer.set("files", files);
		}
		return answer;
	}

	private JsonNode listArtifacts(Params p) {
		String path = trim(p.text("path").orElse(""));
		ObjectNode answer = object();
		ArrayNode files = listing(path, "");
		if (!files.isEmpty()) {
			answer.set("files", files);
		}
		return answer;
	}

	private ArrayNode listing(String directory, String prefix) {
		String dir = directory.isEmpty() ? "" : directory + "/";
		Map<String, Long> entries = new TreeMap<>();
		for (Map.Entry<String, byte[]> artifact : this.state.artifacts.entrySet()) {
			if (artifact.getKey().startsWith(dir)) {
				String rest = artifact.getKey().substring(dir.length());
				int slash = rest.indexOf('/');
				if (slash < 0) {
					entries.put(rest, (long) artifact.getValue().length);
				}
				else {
					entries.put(rest.substring(0, slash), null);
				}
			}
		}
		ArrayNode files = this.nodes.arrayNode();
		entries.forEach((name, size) -> {
			ObjectNode file = files.addObject().put("path", prefix + name).put("is_dir", size == null);
			if (size != null) {
				file.put("file_size", size);
			}
		});
		return files;
	}

	private Response downloadArtifact(Request request) {
		String path = trim(request.path().substring(PROXY.length()));
		byte[] content = this.state.artifacts.get(path);
		if (content == null) {
			throw new MlflowError(500, "INTERNAL_ERROR",
					"The following failures occurred while downloading one or more artifacts from " + STORE_ROOT
							+ ":\n##### File " + path + " #####\n[Errno 2] No such file or directory: '" + STORE_ROOT
							+ "/" + path + "'");
		}
		return new Response(200, isV3() ? mimeType(path) : "application/octet-stream", content, Map.of());
	}

	private Response uploadArtifact(Request request) {
		this.state.artifacts.put(trim(request.path().substring(PROXY.length())), request.body());
		return json(200, object());
	}

	private Response deleteArtifact(Request request) {
		String path = trim(request.path().substring(PROXY.length()));
		this.state.artifacts.keySet().removeIf((key) -> key.equals(path) || key.startsWith(path + "/"));
		return json(200, object());
	}

	private JsonNode createRegisteredModel(Params p) {
		String name = p.required("name");
		if (this.state.models.containsKey(name)) {
			throw new MlflowError(400, "RESOURCE_ALREADY_EXISTS",
					"Registered Model (name=" + name + ") already exists.");
		}
		ModelState model = new ModelState(name);
		model.description = p.text("description").orElse("");
		model.tags.putAll(p.keyValues("tags"));
		this.state.models.put(name, model);
		return object().set("registered_model", modelJson(model));
	}

	private JsonNode searchRegisteredModels(Params p) {
		Optional<String> filter = p.text("filter");
		ObjectNode answer = object();
		List<ModelState> found = this.state.models.values()
			.stream()
			.filter((model) -> filter.isEmpty() || matchesName(filter.get(), model.name))
			.sorted(Comparator.comparing((ModelState model) -> model.name))
			.toList();
		long max = p.number("max_results").orElse(100L);
		int offset = isV3() ? pageOffset(p.text("page_token")) : 0;
		List<ModelState> page = found.subList(Math.min(offset, found.size()),
				(int) Math.min(found.size(), offset + max));
		if (!page.isEmpty()) {
			ArrayNode array = answer.putArray("registered_models");
			page.forEach((model) -> array.add(modelJson(model)));
		}
		if (isV3() && offset + max < found.size()) {
			answer.put("next_page_token", pageToken(offset + max));
		}
		return answer;
	}

	private JsonNode deleteRegisteredModel(Params p) {
		this.state.models.remove(model(p.required("name")).name);
		return object();
	}

	private JsonNode setModelTag(Params p) {
		ModelState model = model(p.required("name"));
		model.tags.put(p.required("key"), p.text("value").orElseThrow(() -> missing("value")));
		return object();
	}

	private JsonNode deleteModelTag(Params p) {
		model(p.required("name")).tags.remove(p.required("key"));
		return object();
	}

	private JsonNode latestVersions(Params p) {
		ModelState model = model(p.required("name"));
		List<String> stages = new ArrayList<>();
		p.array("stages").forEach((stage) -> stages.add(stage(stage.asString())));
		ObjectNode answer = object();
		List<VersionState> latest = latest(model, stages.isEmpty() ? STAGES : stages);
		if (!latest.isEmpty()) {
			ArrayNode array = answer.putArray("model_versions");
			latest.forEach((version) -> array.add(versionJson(version, false)));
		}
		return answer;
	}

	private static List<VersionState> latest(ModelState model, List<String> stages) {
		Map<String, VersionState> byStage = new HashMap<>();
		for (VersionState version : model.versions.values()) {
			if (stages.contains(version.stage)) {
				byStage.merge(version.stage, version, (a, b) -> (a.number >= b.number) ? a : b);
			}
		}
		return byStage.values().stream().sorted(Comparator.comparingInt((VersionState v) -> v.number)).toList();
	}

	private JsonNode setAlias(Params p) {
		ModelState model = model(p.required("name"));
		String alias = p.required("alias");
		VersionState version = version(model.name, p.required("version"));
		if (alias.equalsIgnoreCase("latest")) {
			throw invalid("'latest' alias name (case insensitive) is reserved.");
		}
		if (alias.matches("(?i)v\\d+")) {
			throw invalid("Version alias name '" + alias + "' is reserved.");
		}
		model.aliases.put(alias, version.number);
		return object();
	}

	private JsonNode getByAlias(Params p) {
		ModelState model = model(p.required("name"));
		String alias = p.required("alias");
		Integer number = model.aliases.get(alias);
		if (number == null) {
			throw invalid("Registered model alias " + alias + " not found.");
		}
		return object().set("model_version", versionJson(model.versions.get(number), true));
	}

	private JsonNode deleteAlias(Params p) {
		model(p.required("name")).aliases.remove(p.required("alias"));
		return object();
	}

	private ModelState model(String name) {
		ModelState model = this.state.models.get(name);
		if (model == null) {
			throw notFound("Registered Model with name=" + name + " not found");
		}
		return model;
	}

	private ObjectNode modelJson(ModelState model) {
		ObjectNode node = object().put("name", model.name)
			.put("creation_timestamp", model.creationTimestamp)
			.put("last_updated_timestamp", model.lastUpdatedTimestamp);
		if (!model.description.isEmpty()) {
			node.put("description", model.description);
		}
		List<VersionState> latest = latest(model, STAGES);
		if (!latest.isEmpty()) {
			ArrayNode array = node.putArray("latest_versions");
			latest.forEach((version) -> array.add(versionJson(version, false)));
		}
		putKeyValues(node, "tags", model.tags);
		if (!model.aliases.isEmpty()) {
			ArrayNode aliases = node.putArray("aliases");
			model.aliases.forEach(
					(alias, number) -> aliases.addObject().put("alias", alias).put("version", String.valueOf(number)));
		}
		return node;
	}

	private JsonNode createModelVersion(Params p) {
		String name = p.required("name");
		String source = p.required("source");
		ModelState model = model(name);
		String runId = p.text("run_id").orElse("");
		if (!source.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
			throw invalid("Invalid model version source: '" + source
					+ "'. To use a local path as a model version source, the run_id request parameter has to be "
					+ "specified and the local path has to be contained within the artifact directory of the run "
					+ "specified by the run_id.");
		}
		if (isV3() && source.startsWith("models:/")) {
			String modelId = source.substring("models:/".length()).split("/")[0];
			if (!this.state.loggedModels.containsKey(modelId)) {
				throw new MlflowError(500, "INTERNAL_ERROR",
						"Unable to fetch model from model URI source artifact location '" + source
								+ "'.Error: Logged model with ID '" + modelId + "' not found.");
			}
		}
		VersionState version = new VersionState(model.name, ++model.lastVersion);
		version.source = source;
		version.runId = runId;
		version.description = p.text("description").orElse("");
		version.tags.putAll(p.keyValues("tags"));
		version.pendingPolls = this.pendingPolls;
		version.failRegistration = this.failNextRegistration;
		this.failNextRegistration = false;
		version.settle();
		model.versions.put(version.number, version);
		model.lastUpdatedTimestamp = version.creationTimestamp;
		return object().set("model_version", versionJson(version, false));
	}

	private JsonNode downloadUri(Params p) {
		VersionState version = version(p.required("name"), p.required("version"));
		String uri = version.source;
		if (isV3() && uri.startsWith("models:/")) {
			LoggedModelState model = this.state.loggedModels.get(uri.substring("models:/".length()).split("/")[0]);
			if (model != null) {
				uri = model.artifactUri;
			}
		}
		return object().put("artifact_uri", uri);
	}

	private JsonNode createLoggedModel(Params p) {
		ExperimentState experiment = experiment(p.required("experiment_id"));
		String id = "m-" + UUID.randomUUID().toString().replace("-", "");
		LoggedModelState model = new LoggedModelState(id, experiment.id);
		model.name = p.text("name").orElse("model");
		model.artifactUri = experiment.artifactLocation + "/models/" + id + "/artifacts";
		// a real 3.11.1 server answers "" when none was given (lx_create_minimal)
		model.modelType = p.text("model_type").orElse("");
		model.sourceRunId = p.text("source_run_id").orElse(null);
		model.tags.putAll(p.keyValues("tags"));
		model.params.putAll(p.keyValues("params"));
		this.state.loggedModels.put(id, model);
		return modelAnswer(model);
	}

	private JsonNode finalizeLoggedModel(Params p) {
		LoggedModelState model = loggedModel(p.pathId());
		String status = p.required("status");
		// MLflow's LoggedModelStatus enum: there is no LOGGED_MODEL_FAILED
		if (!Set.of("LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED").contains(status)) {
			throw invalid("Invalid value \"" + status + "\" for parameter 'status' supplied");
		}
		model.status = status;
		model.lastUpdatedTimestamp = System.currentTimeMillis();
		return modelAnswer(model);
	}

	private JsonNode searchLoggedModels(Params p) {
		List<String> experimentIds = new ArrayList<>();
		p.array("experiment_ids").forEach((id) -> experimentIds.add(id.asString()));
		if (experimentIds.isEmpty()) {
			throw missing("experiment_ids");
		}
		List<java.util.function.Predicate<LoggedModelState>> clauses = new ArrayList<>();
		String filter = p.text("filter").orElse("");
		if (!filter.isBlank()) {
			for (String clause : filter.split("(?i)\\s+AND\\s+")) {
				Matcher matcher = VERSION_CLAUSE.matcher(clause);
				if (!matcher.matches()) {
					throw invalid("Invalid filter '" + filter + "'");
				}
				String op = matcher.group(2).toUpperCase(Locale.ROOT);
				String value = (matcher.group(3) != null) ? matcher.group(3) : matcher.group(4);
				Function<LoggedModelState, String> getter = switch (matcher.group(1)) {
					case "name" -> (m) -> m.name;
					case "status" -> (m) -> m.status;
					case "source_run_id" -> (m) -> m.sourceRunId;
					case "model_type" -> (m) -> m.modelType;
					case "model_id" -> (m) -> m.id;
					default -> throw invalid("Invalid filter '" + filter + "'");
				};
				clauses.add((m) -> compare(getter.apply(m), op, value));
			}
		}
		List<LoggedModelState> found = new ArrayList<>();
		for (LoggedModelState model : this.state.loggedModels.values()) {
			if (experimentIds.contains(model.experimentId)
					&& clauses.stream().allMatch((clause) -> clause.test(model))) {
				found.add(model);
			}
		}
		found.sort(Comparator.comparingLong((LoggedModelState m) -> m.creationTimestamp).reversed());
		long max = p.number("max_results").orElse(50L);
		int offset = pageOffset(p.text("page_token"));
		List<LoggedModelState> page = found.subList(Math.min(offset, found.size()),
				(int) Math.min(found.size(), offset + max));
		ObjectNode answer = object();
		if (!page.isEmpty()) {
			ArrayNode array = answer.putArray("models");
			page.forEach((model) -> array.add(loggedModelJson(model)));
		}
		if (offset + max < found.size()) {
			answer.put("next_page_token", pageToken(offset + max));
		}
		return answer;
	}

	private JsonNode logLoggedModelParams(Params p) {
		// a real 3.11.1 server wants the id in the body too, and lets its
		// database refuse a key logged before, same value or not
		// (lx_err_log_params_changed_value)
		p.text("model_id").orElseThrow(() -> missing("model_id"));
		LoggedModelState model = loggedModel(p.pathId());
		Map<String, String> params = p.keyValues("params");
		params.forEach((key, value) -> {
			if (model.params.containsKey(key)) {
				throw new MlflowError(400, "BAD_REQUEST",
						"(sqlite3.IntegrityError) UNIQUE constraint failed: logged_model_params.model_id, "
								+ "logged_model_params.param_key");
			}
		});
		model.params.putAll(params);
		model.lastUpdatedTimestamp = System.currentTimeMillis();
		return object();
	}

	private JsonNode logOutputs(Params p) {
		RunState run = run(p.runId());
		List<ObjectNode> outputs = new ArrayList<>();
		for (JsonNode item : p.array("models")) {
			String modelId = Params.textOf(item, "model_id").orElseThrow(() -> missing("model_id"));
			// a real 3.11.1 server does not check the model: an unknown id is
			// stored as it is (lx_log_outputs_unknown_model)
			outputs.add(object().put("model_id", modelId).put("step", item.path("step").asLong(0)));
		}
		for (ObjectNode output : outputs) {
			if (!run.outputs.contains(output)) {
				run.outputs.add(output);
			}
		}
		return object();
	}

	private LoggedModelState loggedModel(String id) {
		LoggedModelState model = this.state.loggedModels.get(id);
		if (model == null) {
			throw notFound("Logged model with ID '" + id + "' not found.");
		}
		return model;
	}

	private JsonNode modelAnswer(LoggedModelState model) {
		return object().set("model", loggedModelJson(model));
	}

	private ObjectNode loggedModelJson(LoggedModelState model) {
		ObjectNode node = object();
		ObjectNode info = node.putObject("info")
			.put("model_id", model.id)
			.put("experiment_id", model.experimentId)
			.put("name", model.name)
			.put("creation_timestamp_ms", model.creationTimestamp)
			.put("last_updated_timestamp_ms", model.lastUpdatedTimestamp)
			.put("artifact_uri", model.artifactUri)
			.put("status", model.status);
		if (model.modelType != null) {
			info.put("model_type", model.modelType);
		}
		if (model.sourceRunId != null) {
			info.put("source_run_id", model.sourceRunId);
		}
		putKeyValues(info, "tags", model.tags);
		ObjectNode data = node.putObject("data");
		putKeyValues(data, "params", model.params);
		if (!model.metrics.isEmpty()) {
			ArrayNode metrics = data.putArray("metrics");
			model.metrics.forEach((metric) -> metrics.add(metric.deepCopy()));
		}
		return node;
	}

	/** The content type MLflow's artifact download guesses from a file name. */
	private static String mimeType(String path) {
		String file = path.substring(path.lastIndexOf('/') + 1);
		int dot = file.lastIndexOf('.');
		String extension = (dot < 0) ? file : file.substring(dot + 1);
		if (TEXT_EXTENSIONS.contains(extension)) {
			return "text/plain";
		}
		return switch (extension.toLowerCase(Locale.ROOT)) {
			case "html", "htm" -> "text/html";
			case "png" -> "image/png";
			case "jpg", "jpeg" -> "image/jpeg";
			case "gif" -> "image/gif";
			case "svg" -> "image/svg+xml";
			case "pdf" -> "application/pdf";
			case "zip" -> "application/zip";
			default -> "application/octet-stream";
		};
	}

	private JsonNode getModelVersion(Params p) {
		VersionState version = version(p.required("name"), p.required("version"));
		if (version.pendingPolls > 0) {
			version.pendingPolls--;
			version.settle();
		}
		return object().set("model_version", versionJson(version, true));
	}

	private static final Pattern VERSION_CLAUSE = Pattern
		.compile("\\s*([A-Za-z_.`]+)\\s*(=|!=|LIKE|ILIKE)\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*", Pattern.CASE_INSENSITIVE);

	private JsonNode searchModelVersions(Params p) {
		List<java.util.function.Predicate<VersionState>> clauses = new ArrayList<>();
		String filter = p.text("filter").orElse("");
		if (!filter.isBlank()) {
			for (String clause : filter.split("(?i)\\s+AND\\s+")) {
				Matcher number = VERSION_NUMBER_CLAUSE.matcher(clause);
				if (number.matches()) {
					String op = number.group(1);
					double wanted = Double.parseDouble(number.group(2));
					clauses.add((v) -> compareNumbers(v.number, op, wanted));
					continue;
				}
				Matcher matcher = VERSION_CLAUSE.matcher(clause);
				String key = clause.trim().split("[\\s=!<>~]+")[0];
				if (!matcher.matches()) {
					if (!Set.of("name", "run_id", "source_path", "version_number").contains(key)
							&& !key.startsWith("tags.")) {
						throw invalid("Invalid attribute key '" + key + "' specified. Valid keys are '" + versionKeys()
								+ "'");
					}
					throw invalid("Invalid filter '" + filter + "'");
				}
				String field = matcher.group(1);
				String op = matcher.group(2).toUpperCase(Locale.ROOT);
				String value = (matcher.group(3) != null) ? matcher.group(3) : matcher.group(4);
				Function<VersionState, String> getter = switch (field) {
					case "name" -> (v) -> v.name;
					case "run_id" -> (v) -> v.runId;
					case "source_path" -> (v) -> v.source;
					default -> {
						if (field.startsWith("tags.")) {
							String tag = field.substring(5).replace("`", "");
							yield (v) -> v.tags.get(tag);
						}
						throw invalid("Invalid attribute key '" + field + "' specified. Valid keys are '"
								+ versionKeys() + "'");
					}
				};
				clauses.add((v) -> compare(getter.apply(v), op, value));
			}
		}
		List<VersionState> found = new ArrayList<>();
		for (ModelState model : this.state.models.values()) {
			for (VersionState version : model.versions.values()) {
				if (clauses.stream().allMatch((clause) -> clause.test(version))) {
					found.add(version);
				}
			}
		}
		found.sort(Comparator.comparing((VersionState v) -> v.name)
			.thenComparing(Comparator.comparingInt((VersionState v) -> v.number).reversed()));
		if (!isV3()) {
			ObjectNode answer = object();
			if (!found.isEmpty()) {
				ArrayNode array = answer.putArray("model_versions");
				found.forEach((version) -> array.add(versionJson(version, false)));
			}
			return answer;
		}
		List<String> orderBy = new ArrayList<>();
		p.array("order_by").forEach((item) -> orderBy.add(item.asString()));
		if (!orderBy.isEmpty()) {
			found.sort(versionOrder(orderBy));
		}
		long max = p.number("max_results").orElse(10000L);
		int offset = pageOffset(p.text("page_token"));
		List<VersionState> page = found.subList(Math.min(offset, found.size()),
				(int) Math.min(found.size(), offset + max));
		ObjectNode answer = object();
		if (!page.isEmpty()) {
			ArrayNode array = answer.putArray("model_versions");
			page.forEach((version) -> array.add(versionJson(version, false)));
		}
		if (offset + max < found.size()) {
			answer.put("next_page_token", pageToken(offset + max));
		}
		return answer;
	}

	private static final Pattern VERSION_NUMBER_CLAUSE = Pattern
		.compile("\\s*version_number\\s*(=|!=|>=|<=|>|<)\\s*'?(\\d+)'?\\s*", Pattern.CASE_INSENSITIVE);

	private static Comparator<VersionState> versionOrder(List<String> orderBy) {
		Comparator<VersionState> order = null;
		for (String clause : orderBy) {
			String[] parts = clause.trim().split("\\s+");
			Comparator<VersionState> next = switch (parts[0].toLowerCase(Locale.ROOT)) {
				case "version_number" -> Comparator.comparingInt((VersionState v) -> v.number);
				case "name" -> Comparator.comparing((VersionState v) -> v.name);
				case "creation_timestamp" -> Comparator.comparingLong((VersionState v) -> v.creationTimestamp);
				case "last_updated_timestamp" -> Comparator.comparingLong((VersionState v) -> v.lastUpdatedTimestamp);
				default -> throw invalid("Invalid order by key '" + parts[0] + "' specified.");
			};
			if (parts.length > 1 && parts[1].equalsIgnoreCase("DESC")) {
				next = next.reversed();
			}
			order = (order == null) ? next : order.thenComparing(next);
		}
		return order;
	}

	private String versionKeys() {
		return isV3() ? "{'name', 'source_path', 'run_id', 'version_number'}"
				: "{'name', 'version_number', 'run_id', 'source_path'}";
	}

	private JsonNode deleteModelVersion(Params p) {
		VersionState version = version(p.required("name"), p.required("version"));
		ModelState model = this.state.models.get(version.name);
		model.versions.remove(version.number);
		model.aliases.values().removeIf((number) -> number == version.number);
		return object();
	}

	private JsonNode transitionStage(Params p) {
		VersionState version = version(p.required("name"), p.required("version"));
		String stage = stage(p.required("stage"));
		boolean archive = p.body().path("archive_existing_versions").asBoolean(false);
		long now = System.currentTimeMillis();
		ModelState model = this.state.models.get(version.name);
		if (archive && (stage.equals("Staging") || stage.equals("Production"))) {
			for (VersionState other : model.versions.values()) {
				if (other != version && other.stage.equals(stage)) {
					other.stage = "Archived";
					other.lastUpdatedTimestamp = now;
				}
			}
		}
		version.stage = stage;
		version.lastUpdatedTimestamp = now;
		model.lastUpdatedTimestamp = now;
		return object().set("model_version", versionJson(version, true));
	}

	private JsonNode setVersionTag(Params p) {
		VersionState version = version(p.required("name"), p.required("version"));
		version.tags.put(p.required("key"), p.text("value").orElseThrow(() -> missing("value")));
		return object();
	}

	private JsonNode deleteVersionTag(Params p) {
		version(p.required("name"), p.required("version")).tags.remove(p.required("key"));
		return object();
	}

	private VersionState version(String name, String version) {
		ModelState model = this.state.models.get(name);
		VersionState found = null;
		if (model != null && version.matches("\\d{1,9}")) {
			found = model.versions.get(Integer.parseInt(version));
		}
		if (found == null) {
			throw notFound("Model Version (name=" + name + ", version=" + version + ") not found");
		}
		return found;
	}

	private static String stage(String stage) {
		return STAGES.stream()
			.filter((known) -> known.equalsIgnoreCase(stage))
			.findFirst()
			.orElseThrow(() -> invalid("Invalid Model Version stage: " + stage
					+ ". Value must be one of None, Staging, Production, Archived."));
	}

	private ObjectNode versionJson(VersionState version, boolean withAliases) {
		ObjectNode node = object().put("name", version.name)
			.put("version", String.valueOf(version.number))
			.put("creation_timestamp", version.creationTimestamp)
			.put("last_updated_timestamp", version.lastUpdatedTimestamp)
			.put("current_stage", version.stage)
			.put("description", version.description)
			.put("source", version.source)
			.put("run_id", version.runId)
			.put("status", version.status);
		if (version.statusMessage != null) {
			node.put("status_message", version.statusMessage);
		}
		putKeyValues(node, "tags", version.tags);
		node.put("run_link", "");
		if (withAliases) {
			List<String> aliases = new ArrayList<>();
			this.state.models.get(version.name).aliases.forEach((alias, number) -> {
				if (number == version.number) {
					aliases.add(alias);
				}
			});
			if (!aliases.isEmpty()) {
				ArrayNode array = node.putArray("aliases");
				aliases.forEach(array::add);
			}
		}
		return node;
	}

	private interface Predicate {

		boolean test(RunState run);

	}

	private static final Pattern RUN_CLAUSE = Pattern.compile(
			"\\s*(?:(tags|tag|params|param|metrics|metric|attributes|attribute|attr|run)\\.)?(`[^`]+`|\"[^\"]+\"|[A-Za-z0-9_.\\-]+)"
					+ "\\s*(=|!=|>=|<=|>|<|LIKE|ILIKE)\\s*('[^']*'|\"[^\"]*\"|-?[0-9.eE+-]+)\\s*",
			Pattern.CASE_INSENSITIVE);

	private static List<Predicate> runFilter(String filter) {
		List<Predicate> clauses = new ArrayList<>();
		if (filter.isBlank()) {
			return clauses;
		}
		for (String clause : filter.split("(?i)\\s+AND\\s+")) {
			Matcher matcher = RUN_CLAUSE.matcher(clause);
			if (!matcher.matches()) {
				throw invalid("Invalid filter '" + filter + "'. Could not be parsed.");
			}
			String kind = (matcher.group(1) != null) ? matcher.group(1).toLowerCase(Locale.ROOT) : "attributes";
			String key = matcher.group(2).replaceAll("^[`\"]|[`\"]$", "");
			String op = matcher.group(3).toUpperCase(Locale.ROOT);
			String literal = matcher.group(4);
			String value = literal.replaceAll("^['\"]|['\"]$", "");
			if (kind.startsWith("metric")) {
				double number = Double.parseDouble(value);
				clauses.add((run) -> {
					ObjectNode metric = run.metrics.get(key);
					return metric != null && compareNumbers(metric.get("value").asDouble(), op, number);
				});
			}
			else if (kind.startsWith("param")) {
				clauses.add((run) -> compare(run.params.get(key), op, value));
			}
			else if (kind.startsWith("tag")) {
				clauses.add((run) -> compare(run.tags.get(key), op, value));
			}
			else {
				clauses.add((run) -> compare(switch (key) {
					case "status" -> run.status;
					case "run_name" -> run.name;
					case "run_id" -> run.id;
					case "artifact_uri" -> run.artifactUri;
					case "user_id" -> run.userId;
					default -> throw invalid("Invalid attribute key '" + key + "' specified.");
				}, op, value));
			}
		}
		return clauses;
	}

	private static boolean compare(String actual, String op, String expected) {
		if (actual == null) {
			return false;
		}
		return switch (op) {
			case "=" -> actual.equals(expected);
			case "!=" -> !actual.equals(expected);
			case "LIKE" -> actual.matches(likePattern(expected));
			case "ILIKE" -> actual.toLowerCase(Locale.ROOT).matches(likePattern(expected.toLowerCase(Locale.ROOT)));
			default -> throw invalid("Invalid comparator '" + op + "' for a string value");
		};
	}

	private static boolean compareNumbers(double actual, String op, double expected) {
		return switch (op) {
			case "=" -> actual == expected;
			case "!=" -> actual != expected;
			case ">" -> actual > expected;
			case ">=" -> actual >= expected;
			case "<" -> actual < expected;
			case "<=" -> actual <= expected;
			default -> throw invalid("Invalid comparator '" + op + "' for a metric");
		};
	}

	private static String likePattern(String like) {
		StringBuilder regex = new StringBuilder();
		for (char c : like.toCharArray()) {
			regex.append((c == '%') ? ".*" : (c == '_') ? "." : Pattern.quote(String.valueOf(c)));
		}
		return regex.toString();
	}

	private static boolean matchesName(String filter, String name) {
		Matcher matcher = VERSION_CLAUSE.matcher(filter);
		if (!matcher.matches() || !matcher.group(1).equalsIgnoreCase("name")) {
			throw invalid("Invalid filter '" + filter + "'");
		}
		String value = (matcher.group(3) != null) ? matcher.group(3) : matcher.group(4);
		return compare(name, matcher.group(2).toUpperCase(Locale.ROOT), value);
	}

	private ObjectNode object() {
		return this.nodes.objectNode();
	}

	private void putKeyValues(ObjectNode node, String field, Map<String, String> values) {
		if (!values.isEmpty()) {
			ArrayNode array = node.putArray(field);
			values.forEach((key, value) -> array.addObject().put("key", key).put("value", value));
		}
	}

	private static String trim(String path) {
		return path.replaceAll("^/+|/+$", "");
	}

	private Response json(int status, JsonNode body) {
		return new Response(status, "application/json", this.mapper.writeValueAsBytes(body), Map.of());
	}

	private static Response text(int status, String text) {
		return new Response(status, "text/html; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
	}

	private ObjectNode error(String code, String message) {
		return object().put("error_code", code).put("message", message);
	}

	private static MlflowError notFound(String message) {
		return new MlflowError(404, "RESOURCE_DOES_NOT_EXIST", message);
	}

	private static MlflowError invalid(String message) {
		return new MlflowError(400, "INVALID_PARAMETER_VALUE", message);
	}

	private static MlflowError missing(String parameter) {
		return invalid("Missing value for required parameter '" + parameter
				+ "'. See the API docs for more information about request parameters.");
	}

	private record Request(String method, String path, Map<String, List<String>> query, byte[] body,
			String contentType) {
	}

	private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
	}

	private static final class MlflowError extends RuntimeException {

		private final int status;

		private final String code;

		MlflowError(int status, String code, String message) {
			super(message, null, false, false);
			this.status = status;
			this.code = code;
		}

		Response response(MlflowTestServer server) {
			return server.json(this.status, server.error(this.code, getMessage()));
		}

	}

	private record Params(ObjectNode body, String path) {

		Params(ObjectNode body) {
			this(body, "");
		}

		Params at(String requestPath) {
			return new Params(this.body, requestPath);
		}

		/** The logged model id in a {@code /logged-models/<id>[/...]} path. */
		String pathId() {
			String rest = this.path.substring(this.path.indexOf("/logged-models/") + "/logged-models/".length());
			return rest.split("/")[0];
		}

		String required(String name) {
			return text(name).orElseThrow(() -> missing(name));
		}

		String runId() {
			return text("run_id").or(() -> text("run_uuid")).orElseThrow(() -> missing("run_id"));
		}

		Optional<String> text(String name) {
			return textOf(this.body, name);
		}

		static Optional<String> textOf(JsonNode node, String name) {
			JsonNode value = node.get(name);
			if (value == null || value.isNull() || value.isContainer()) {
				return Optional.empty();
			}
			String text = value.asString();
			return text.isEmpty() ? Optional.empty() : Optional.of(text);
		}

		Optional<Long> number(String name) {
			JsonNode value = this.body.get(name);
			if (value == null || value.isNull()) {
				return Optional.empty();
			}
			if (value.isNumber()) {
				return Optional.of(value.asLong());
			}
			try {
				return Optional.of(Long.parseLong(value.asString()));
			}
			catch (NumberFormatException ex) {
				throw invalid("Invalid value \"" + value.asString() + "\" for parameter '" + name + "' supplied");
			}
		}

		List<JsonNode> array(String name) {
			JsonNode value = this.body.get(name);
			List<JsonNode> items = new ArrayList<>();
			if (value != null && value.isArray()) {
				value.forEach(items::add);
			}
			else if (value != null && !value.isNull()) {
				items.add(value);
			}
			return items;
		}

		Map<String, String> keyValues(String name) {
			Map<String, String> values = new LinkedHashMap<>();
			for (JsonNode item : array(name)) {
				values.put(textOf(item, "key").orElseThrow(() -> missing("key")), textOf(item, "value").orElse(""));
			}
			return values;
		}

	}

	private static final class State {

		private final Map<String, ExperimentState> experiments = new LinkedHashMap<>();

		private final Map<String, RunState> runs = new LinkedHashMap<>();

		private final Map<String, byte[]> artifacts = new TreeMap<>();

		private final Map<String, ModelState> models = new LinkedHashMap<>();

		private final Map<String, LoggedModelState> loggedModels = new LinkedHashMap<>();

		private int nextExperimentId = 1;

		State() {
			ExperimentState defaults = new ExperimentState("0", "Default");
			defaults.artifactLocation = "mlflow-artifacts:/0";
			this.experiments.put("0", defaults);
		}

		Optional<ExperimentState> experimentsByName(String name) {
			return this.experiments.values().stream().filter((experiment) -> experiment.name.equals(name)).findFirst();
		}

	}

	private static final class ExperimentState {

		private final String id;

		private final String name;

		private final long creationTime = System.currentTimeMillis();

		private final Map<String, String> tags = new LinkedHashMap<>();

		private String artifactLocation;

		ExperimentState(String id, String name) {
			this.id = id;
			this.name = name;
		}

	}

	private static final class RunState {

		private final String id;

		private final String experimentId;

		private final Map<String, String> params = new LinkedHashMap<>();

		private final Map<String, ObjectNode> metrics = new LinkedHashMap<>();

		private final List<ObjectNode> history = new ArrayList<>();

		private final Map<String, String> tags = new LinkedHashMap<>();

		private final List<ObjectNode> outputs = new ArrayList<>();

		private String name;

		private String userId;

		private String status = "RUNNING";

		private long startTime;

		private Long endTime;

		private String artifactUri;

		RunState(String id, String experimentId) {
			this.id = id;
			this.experimentId = experimentId;
		}

	}

	private static final class LoggedModelState {

		private final String id;

		private final String experimentId;

		private final long creationTimestamp = System.currentTimeMillis();

		private final Map<String, String> tags = new LinkedHashMap<>();

		private final Map<String, String> params = new LinkedHashMap<>();

		private final List<ObjectNode> metrics = new ArrayList<>();

		private long lastUpdatedTimestamp = this.creationTimestamp;

		private String name;

		private String artifactUri;

		private String status = "LOGGED_MODEL_PENDING";

		private String modelType;

		private String sourceRunId;

		LoggedModelState(String id, String experimentId) {
			this.id = id;
			this.experimentId = experimentId;
		}

	}

	private static final class ModelState {

		private final String name;

		private final long creationTimestamp = System.currentTimeMillis();

		private final Map<String, String> tags = new LinkedHashMap<>();

		private final Map<String, Integer> aliases = new LinkedHashMap<>();

		private final Map<Integer, VersionState> versions = new TreeMap<>();

		private long lastUpdatedTimestamp = this.creationTimestamp;

		private String description;

		private int lastVersion;

		ModelState(String name) {
			this.name = name;
		}

	}

	private static final class VersionState {

		private final String name;

		private final int number;

		private final long creationTimestamp = System.currentTimeMillis();

		private final Map<String, String> tags = new LinkedHashMap<>();

		private long lastUpdatedTimestamp = this.creationTimestamp;

		private String stage = "None";

		private String description;

		private String source;

		private String runId;

		private String status;

		private String statusMessage;

		private int pendingPolls;

		private boolean failRegistration;

		VersionState(String name, int number) {
			this.name = name;
			this.number = number;
		}

		void settle() {
			if (this.pendingPolls > 0) {
				this.status = "PENDING_REGISTRATION";
			}
			else if (this.failRegistration) {
				this.status = "FAILED_REGISTRATION";
				this.statusMessage = "Injected registration failure";
			}
			else {
				this.status = "READY";
			}
		}

	}

}
