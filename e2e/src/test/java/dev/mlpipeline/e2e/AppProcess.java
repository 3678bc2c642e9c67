package dev.mlpipeline.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One of the pipeline's apps started from its built jar as a separate JVM, configured
 * only through the environment variables compose and {@code scripts/local-up} pass it.
 */
final class AppProcess implements AutoCloseable {

	// HTTP/1.1 like curl and wrk: no h2c upgrade dance on plain-text connections
	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final String name;

	private final int port;

	private final Path logFile;

	private final Process process;

	/** The {@code Authorization} header of every call, {@code null} for none. */
	private volatile String authorization;

	private AppProcess(String name, int port, Path logFile, Process process) {
		this.name = name;
		this.port = port;
		this.logFile = logFile;
		this.process = process;
	}

	static AppProcess start(String name, Map<String, String> environment, Path logDirectory) throws IOException {
		return start(name, name, environment, logDirectory);
	}

	/**
	 * Starts one replica of an app.
	 * @param name the app (its module)
	 * @param label the replica's name, also its log file's ({@code <label>.log})
	 * @param environment its environment
	 * @param logDirectory where its log goes
	 * @return the running replica
	 */
	static AppProcess start(String name, String label, Map<String, String> environment, Path logDirectory)
			throws IOException {
		Path jar = jar(name);
		int port = KafkaProcess.freePort();
		Path logFile = logDirectory.resolve(label + ".log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
						"-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		builder.environment().put("WEKA_HOME", logDirectory.resolve("wekafiles").toString());
		return new AppProcess(label, port, logFile, builder.start());
	}

	void awaitLive(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; see " + this.logFile);
			}
			try {
				return get("/actuator/health/liveness").statusCode() == 200;
			}
			catch (java.io.UncheckedIOException notListeningYet) {
				return false;
			}
		});
	}

	/**
	 * Makes every later call sign in with HTTP Basic as a user of {@code PIPELINE_USERS}.
	 * @param user the user name
	 * @param password the password
	 * @return this app
	 */
	AppProcess signInAs(String user, String password) {
		this.authorization = basic(user, password);
		return this;
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> post(String path, String json) {
		return post(path, json, this.authorization);
	}

	/**
	 * Posts with the app's credentials and headers of the caller's.
	 * @param path the path
	 * @param json the body
	 * @param headers headers added to the request, such as {@code X-Request-Id}
	 * @return the answer
	 */
	HttpResponse<String> postWith(String path, String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		return send(request);
	}

	/**
	 * Posts with the given credentials instead of the app's.
	 * @param path the path
	 * @param json the body
	 * @param authorization the {@code Authorization} header, {@code null} for none
	 * @return the answer
	 */
	HttpResponse<String> post(String path, String json, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return exchange(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		return exchange(request);
	}

	private static HttpResponse<String> exchange(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the replica logged so far.
	 * @return its log
	 */
	String log() throws IOException {
		return Files.readString(this.logFile);
	}

	/**
	 * Kills the replica as a crash would: no shutdown, no leaving its consumer groups.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

	private static Path jar(String name) throws IOException {
		Path target = Path.of(System.getProperty("repository.root", ".."), name, "target");
		try (var files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches(name + "-[0-9][^/]*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-tests.jar")
						&& !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No built jar of " + name + " in " + target + "; run mvn verify from the repository root"));
		}
	}

}
