package dev.mlpipeline.trainer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/publish-job} against a stand-in trainer that answers {@code 503} first:
 * the script retries with the job id it chose once.
 */
class PublishJobScriptTests {

	static final Path SCRIPT = Path.of("..", "scripts", "publish-job");

	static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");

	@TempDir
	Path dir;

	HttpServer trainer;

	final List<String> posted = new CopyOnWriteArrayList<>();

	final List<String> credentials = new CopyOnWriteArrayList<>();

	@BeforeEach
	void trainer() throws IOException {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && onPath("curl"), "needs bash and curl");
		this.trainer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.trainer.createContext("/jobs", (exchange) -> {
			this.credentials.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			if ("POST".equals(exchange.getRequestMethod())) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.posted.add(body);
				String jobId = jobId(body);
				if (this.posted.size() == 1) {
					answer(exchange, 503, "{\"jobId\":\"" + jobId + "\",\"message\":\"Kafka is down\"}");
				}
				else {
					answer(exchange, 202, "{\"jobId\":\"" + jobId + "\",\"status\":\"QUEUED\",\"statusUrl\":\"/jobs/"
							+ jobId + "?modelName=m\"}");
				}
			}
			else {
				answer(exchange, 200, "{\"status\":\"REGISTERED\"}");
			}
		});
		this.trainer.start();
	}

	@AfterEach
	void stop() {
		if (this.trainer != null) {
			this.trainer.stop(0);
		}
	}

	@Test
	void aJobWithoutAnIdGetsOneOnceAndTheRetryAfterA503SendsTheSameId() throws Exception {
		Path job = Files.writeString(this.dir.resolve("job.json"),
				"{\n  \"modelName\": \"m\",\n  \"dataset\": { \"uri\": \"builtin:iris\" },\n  \"algorithm\": \"ZeroR\"\n}\n");
		assertThat(run(job)).isZero();
		assertThat(this.posted).hasSize(2);
		String first = jobId(this.posted.get(0));
		assertThat(first).matches("[0-9a-f-]{36}");
		assertThat(jobId(this.posted.get(1))).isEqualTo(first);
		assertThat(this.posted.get(1)).contains("\"modelName\": \"m\"", "\"algorithm\": \"ZeroR\"");
	}

	@Test
	void aJobIdGivenInTheFileIsKeptOnEveryAttempt() throws Exception {
		Path job = Files.writeString(this.dir.resolve("job.json"),
				"{\"jobId\": \"nightly-7\", \"modelName\": \"m\", \"dataset\": {\"uri\": \"builtin:iris\"}, \"algorithm\": \"J48\"}");
		assertThat(run(job)).isZero();
		assertThat(this.posted).extracting(PublishJobScriptTests::jobId).containsExactly("nightly-7", "nightly-7");
	}

	@Test
	void signsInAsTheDemoDataScientistUnlessTheEnvironmentNamesAnotherUser() throws Exception {
		Path job = Files.writeString(this.dir.resolve("job.json"),
				"{\"modelName\": \"m\", \"dataset\": {\"uri\": \"builtin:iris\"}, \"algorithm\": \"J48\"}");
		assertThat(run(job)).isZero();
		assertThat(this.credentials).isNotEmpty()
			.allSatisfy((header) -> assertThat(header).isEqualTo(basic("scientist", "demo-scientist")));
		this.credentials.clear();
		this.posted.clear();
		assertThat(run(job, Map.of("TRAINER_USER", "ana", "TRAINER_PASSWORD", "a:b c"))).isZero();
		assertThat(this.credentials).isNotEmpty()
			.allSatisfy((header) -> assertThat(header).isEqualTo(basic("ana", "a:b c")));
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private int run(Path job) throws Exception {
		return run(job, Map.of());
	}

	private int run(Path job, Map<String, String> environment) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), job.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("out.txt").toFile());
		builder.environment().put("TRAINER_URL", "http://127.0.0.1:" + this.trainer.getAddress().getPort());
		builder.environment().put("PUBLISH_RETRY_DELAY", "0");
		builder.environment().putAll(environment);
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

	private static String jobId(String body) {
		Matcher matcher = JOB_ID.matcher(body);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		return path != null
				&& List.of(path.split(":")).stream().anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
	}

}
