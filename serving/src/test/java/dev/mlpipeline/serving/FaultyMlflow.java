package dev.mlpipeline.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.mlpipeline.mlflow.test.MlflowServer;

/**
 * A pass-through HTTP proxy in front of the test MLflow that answers 503 to the requests
 * whose path contains a given text, so a test can make one artifact unreachable while the
 * registry stays readable, as a flaky artifact store does.
 */
public final class FaultyMlflow implements AutoCloseable {

	private static final List<String> FORWARDED = List.of("Content-Type", "Accept", "Authorization");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final URI target = MlflowServer.uri();

	private final AtomicReference<String> failing = new AtomicReference<>();

	private final AtomicInteger failed = new AtomicInteger();

	public FaultyMlflow() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Answers 503 to every request whose path contains the text, until {@code null}.
	 * @param pathPart e.g. a run id, or {@code null} to pass everything through
	 */
	public void failPathsContaining(String pathPart) {
		this.failing.set(pathPart);
	}

	/**
	 * How many requests were answered 503.
	 * @return the count
	 */
	public int failed() {
		return this.failed.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String failing = this.failing.get();
			if (failing != null && path.contains(failing)) {
				this.failed.incrementAndGet();
				respond(exchange, 503, "application/json",
						"{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"artifact store unavailable\"}"
							.getBytes(StandardCharsets.UTF_8));
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			HttpRequest.Builder request = HttpRequest
				.newBuilder(this.target.resolve(exchange.getRequestURI().toString()))
				.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
			for (String header : FORWARDED) {
				String value = exchange.getRequestHeaders().getFirst(header);
				if (value != null) {
					request.header(header, value);
				}
			}
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			respond(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		if (contentType != null) {
			exchange.getResponseHeaders().set("Content-Type", contentType);
		}
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
