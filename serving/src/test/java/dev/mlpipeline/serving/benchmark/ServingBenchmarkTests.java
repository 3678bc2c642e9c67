package dev.mlpipeline.serving.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.Promotions;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints throughput and latency figures of {@code /predict} measured with wrk next to a
 * no-op endpoint of the same server, and runs hot swaps under load. Not a timed test: it
 * only asserts that no request failed. Run it with {@code serving/benchmark/run.sh}.
 */
@Tag("benchmark")
class ServingBenchmarkTests {

	private static final String ROW = "{\"instances\": [{\"sepallength\": 6.3, \"sepalwidth\": 2.8, "
			+ "\"petallength\": 5.1, \"petalwidth\": 1.5}]}";

	private static final int[] CONNECTIONS = { 1, 8, 32 };

	static final int SECONDS = Integer.getInteger("benchmark.seconds", 5);

	static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	static final int SWAP_SECONDS = Integer.getInteger("benchmark.swap-seconds", 40);

	private static final List<String> JVM_OPTIONS = List
		.of(System.getProperty("benchmark.jvm", "-Xmx96m -XX:+UseSerialGC").split(" "));

	private final Path output = Path.of("target", "benchmark");

	private final TestRegistry mlflow = TestRegistry.connect();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final StringBuilder report = new StringBuilder();

	@Test
	void measuresPredictAgainstTheNoopCeilingAndHotSwapsUnderLoad() throws Exception {
		Files.createDirectories(this.output);
		Path script = this.output.resolve("post.lua");
		Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '" + ROW
				+ "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
		Instances iris = ModelFixtures.iris();
		Classifier j48 = ModelFixtures.train("weka.classifiers.trees.J48", iris);
		Classifier forest = ModelFixtures.train("weka.classifiers.trees.RandomForest", iris, "-I", "100");
		String j48Model = "bench-j48-" + UUID.randomUUID();
		String forestModel = "bench-forest-" + UUID.randomUUID();
		ModelVersion j48Version = registerAndPromote(j48Model, j48, iris);
		registerAndPromote(forestModel, forest, iris);

		line("# Serving benchmark");
		line("");
		line("Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, wrk on the same "
				+ "machine (1 thread); each figure is the median of " + ROUNDS + " interleaved runs of " + SECONDS
				+ " s (no-op, /predict, no-op, ...) after a warm-up; serving JVM options: "
				+ String.join(" ", JVM_OPTIONS) + ".");
		line("");
		try (Server server = Server.start(this, j48Model)) {
			server.awaitModel(j48Version.version());
			warmUp(server, script);
			line("## J48 (single row)");
			line("");
			compare(server, script);
			hotSwaps(server, script, j48Model, j48, forest, iris);
		}
		String unlogged = "bench-j48-unlogged-" + UUID.randomUUID();
		ModelVersion unloggedVersion = registerAndPromote(unlogged, j48, iris);
		try (Server server = Server.start(this, unlogged, "30s", "--serving.prediction-log.sample=0")) {
			server.awaitModel(unloggedVersion.version());
			warmUp(server, script);
			line("## J48 without the prediction log");
			line("");
			line("The same, with `serving.prediction-log.sample=0`: what publishing every answer to Kafka (the "
					+ "test fixtures' broker, on the same cores) costs the figures above.");
			line("");
			compare(server, script);
		}
		try (Server server = Server.start(this, forestModel)) {
			server.awaitModel("1");
			warmUp(server, script);
			line("## RandomForest, 100 trees (single row)");
			line("");
			compare(server, script);
			line("");
			line("Serving RSS with the 100-tree forest loaded, after the runs above: " + server.rss());
		}
		String champion = "bench-champion-" + UUID.randomUUID();
		ModelVersion championVersion = registerAndPromote(champion, j48, iris);
		ModelVersion challenger = this.mlflow.register(champion, forest, iris);
		try (Server server = Server.start(this, champion + "," + forestModel, "200ms")) {
			server.awaitModel(championVersion.version());
			new ChallengerBenchmark(this, this.mlflow, server, script, champion, forestModel, challenger).run();
		}
		try (Server server = Server.start(this, champion, "200ms",
				"--serving.challenger.shadow-cpu=" + ChallengerBenchmark.TIGHT_BUDGET)) {
			server.awaitModel(championVersion.version());
			new ChallengerBenchmark(this, this.mlflow, server, script, champion, forestModel, challenger).overBudget();
		}
		Files.writeString(this.output.resolve("benchmark.md"), this.report.toString());
	}

	private void warmUp(Server server, Path script) throws Exception {
		wrk(server.url("/noop"), script, 32, 10);
		wrk(server.url("/predict"), script, 32, 10);
	}

	private void compare(Server server, Path script) throws Exception {
		line("| connections | no-op req/s | /predict req/s | ratio | no-op p50 / p99 | /predict p50 / p99 |"
				+ " failed |");
		line("|---|---|---|---|---|---|---|");
		for (int connections : CONNECTIONS) {
			// interleaved rounds, median of each: other tenants of the machine come and
			// go
			List<Wrk> noops = new ArrayList<>();
			List<Wrk> predicts = new ArrayList<>();
			for (int round = 0; round < ROUNDS; round++) {
				noops.add(wrk(server.url("/noop"), script, connections, SECONDS));
				predicts.add(wrk(server.url("/predict"), script, connections, SECONDS));
			}
			Wrk noop = Wrk.median(noops);
			Wrk predict = Wrk.median(predicts);
			line(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f %% | %s / %s | %s / %s | %d |", connections,
					noop.rps, predict.rps, 100 * predict.rps / noop.rps, micros(noop.p50), micros(noop.p99),
					micros(predict.p50), micros(predict.p99), noop.failed + predict.failed));
			assertThat(noop.failed + predict.failed).isZero();
		}
		line("");
	}

	private void hotSwaps(Server server, Path script, String model, Classifier j48, Classifier forest, Instances iris)
			throws Exception {
		Wrk steady = wrk(server.url("/predict"), script, 8, 10);
		byte[] j48File = ModelFixtures.modelFile(j48, iris);
		byte[] forestFile = ModelFixtures.modelFile(forest, iris);
		List<Double> swapMillis = new ArrayList<>();
		try (Promotions promotions = new Promotions()) {
			Process load = wrkProcess(server.url("/predict"), script, 8, SWAP_SECONDS);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SWAP_SECONDS - 2);
			String previous = server.modelVersion();
			boolean useForest = true;
			while (System.nanoTime() < deadline) {
				byte[] file = useForest ? forestFile : j48File;
				ModelVersion next = this.mlflow.register(model, file, ModelFixtures.sha256(file),
						ModelFixtures.schemaOf(iris), useForest ? "RandomForest" : "J48");
				long start = System.nanoTime();
				this.mlflow.promote(model, next.version());
				promotions.announce(next, previous);
				server.awaitModel(next.version());
				swapMillis.add((System.nanoTime() - start) / 1e6);
				previous = next.version();
				useForest = !useForest;
			}
			Wrk during = Wrk.parse(new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			load.waitFor();
			String metrics = server.get("/actuator/prometheus");
			line("## Hot swap under load");
			line("");
			line(String.format(Locale.ROOT,
					"%d swaps (alternating J48 and the 100-tree forest, each a new registry version announced by a "
							+ "ModelPromoted event) during %d s of /predict load at 8 connections.",
					swapMillis.size(), SWAP_SECONDS));
			line("");
			line("| | requests | failed | req/s | p50 | p99 | max |");
			line("|---|---|---|---|---|---|---|");
			line(String.format(Locale.ROOT, "| steady (no swap) | %d | %d | %.0f | %s | %s | %s |", steady.requests,
					steady.failed, steady.rps, micros(steady.p50), micros(steady.p99), micros(steady.max)));
			line(String.format(Locale.ROOT, "| during swaps | %d | %d | %.0f | %s | %s | %s |", during.requests,
					during.failed, during.rps, micros(during.p50), micros(during.p99), micros(during.max)));
			line("");
			line(String.format(Locale.ROOT,
					"Promotion to serving (alias + stage set, event published, new version on /model): median %.0f ms,"
							+ " max %.0f ms. Server-side failed swaps: %s.",
					median(swapMillis), swapMillis.stream().mapToDouble(Double::doubleValue).max().orElse(0),
					failedSwaps(metrics)));
			line("");
			assertThat(swapMillis).hasSizeGreaterThanOrEqualTo(50);
			assertThat(during.failed).isZero();
		}
	}

	private static String failedSwaps(String metrics) {
		return metrics.lines()
			.filter((line) -> line.startsWith("serving_swaps_failed_total"))
			.findFirst()
			.orElse("none recorded");
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
	}

	private ModelVersion registerAndPromote(String model, Classifier classifier, Instances data) {
		ModelVersion version = this.mlflow.register(model, classifier, data);
		this.mlflow.promote(model, version.version());
		return version;
	}

	Wrk wrk(String url, Path script, int connections, int seconds) throws Exception {
		String out = wrkOutput(url, script, connections, seconds);
		Wrk wrk = Wrk.parse(out);
		if (wrk.failed > 0) {
			System.out.println("wrk " + url + " at " + connections + " connections:\n" + out);
		}
		return wrk;
	}

	/**
	 * Runs wrk to its end.
	 * @return what it printed, the script's own lines included
	 */
	static String wrkOutput(String url, Path script, int connections, int seconds) throws Exception {
		Process process = wrkProcess(url, script, connections, seconds);
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return out;
	}

	static Process wrkProcess(String url, Path script, int connections, int seconds) throws IOException {
		return new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
				script.toString(), url)
			.redirectErrorStream(true)
			.start();
	}

	void line(String text) {
		System.out.println(text);
		this.report.append(text).append('\n');
	}

	static String micros(double micros) {
		return (micros >= 1000) ? String.format(Locale.ROOT, "%.2f ms", micros / 1000)
				: String.format(Locale.ROOT, "%.0f µs", micros);
	}

	/** One wrk run's figures. */
	record Wrk(double rps, long requests, long failed, double p50, double p99, double max) {

		private static final Pattern LATENCY = Pattern.compile("^\\s+(50|99)%\\s+([\\d.]+)(us|ms|s)\\s*$",
				Pattern.MULTILINE);

		private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([\\d.]+)(us|ms|s)");

		static Wrk median(List<Wrk> runs) {
			List<Wrk> sorted = runs.stream().sorted(java.util.Comparator.comparingDouble(Wrk::rps)).toList();
			Wrk median = sorted.get(sorted.size() / 2);
			long failed = runs.stream().mapToLong(Wrk::failed).sum();
			return new Wrk(median.rps, median.requests, failed, median.p50, median.p99, median.max);
		}

		static Wrk parse(String out) {
			double p50 = 0;
			double p99 = 0;
			Matcher latency = LATENCY.matcher(out);
			while (latency.find()) {
				double value = toMicros(latency.group(2), latency.group(3));
				if (latency.group(1).equals("50")) {
					p50 = value;
				}
				else {
					p99 = value;
				}
			}
			Matcher max = MAX.matcher(out);
			double maxMicros = max.find() ? toMicros(max.group(1), max.group(2)) : 0;
			long failed = number(out, "Non-2xx or 3xx responses:\\s+(\\d+)");
			Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
				.matcher(out);
			if (errors.find()) {
				for (int i = 1; i <= 4; i++) {
					failed += Long.parseLong(errors.group(i));
				}
			}
			Matcher rps = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(out);
			if (!rps.find()) {
				throw new IllegalStateException("wrk failed:\n" + out);
			}
			return new Wrk(Double.parseDouble(rps.group(1)), number(out, "(\\d+) requests in"), failed, p50, p99,
					maxMicros);
		}

		private static long number(String out, String regex) {
			Matcher matcher = Pattern.compile(regex).matcher(out);
			return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
		}

		private static double toMicros(String value, String unit) {
			double number = Double.parseDouble(value);
			return switch (unit) {
				case "us" -> number;
				case "ms" -> number * 1000;
				default -> number * 1_000_000;
			};
		}

	}

	/** A serving JVM of its own, with the no-op endpoint. */
	static final class Server implements AutoCloseable {

		private final ServingBenchmarkTests benchmark;

		private final Process process;

		private final int port;

		private Server(ServingBenchmarkTests benchmark, Process process, int port) {
			this.benchmark = benchmark;
			this.process = process;
			this.port = port;
		}

		static Server start(ServingBenchmarkTests benchmark, String model) throws Exception {
			return start(benchmark, model, "30s");
		}

		/**
		 * Starts a serving JVM.
		 * @param benchmark the benchmark
		 * @param models the comma-separated models, the first the default
		 * @param reconcile how often it reads the registry
		 * @param settings more {@code --name=value} settings
		 * @return the started server
		 */
		static Server start(ServingBenchmarkTests benchmark, String models, String reconcile, String... settings)
				throws Exception {
			// a free port, never one a stack already running on the machine answers on
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(JVM_OPTIONS);
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarkServer.class.getName(),
					"--server.port=" + port, "--server.address=127.0.0.1",
					"--serving.model-name=" + models.split(",")[0], "--serving.models=" + models,
					"--spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(),
					"--mlflow.tracking.uri=" + MlflowServer.uri(), "--serving.scoring.warmup-rows=1000",
					"--serving.reconcile-interval=" + reconcile, "--logging.level.root=WARN",
					"--logging.level.dev.mlpipeline=INFO"));
			command.addAll(List.of(settings));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(benchmark.output.resolve("serving-" + port + ".log").toFile())
				.start();
			Server server = new Server(benchmark, process, port);
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
			while (true) {
				try {
					if (server.status("/actuator/health/liveness") == 200) {
						return server;
					}
				}
				catch (IOException ex) {
					if (System.nanoTime() > deadline || !process.isAlive()) {
						process.destroy();
						throw new IllegalStateException("serving did not start", ex);
					}
				}
				TimeUnit.MILLISECONDS.sleep(200);
			}
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.port + path;
		}

		int status(String path) throws Exception {
			return this.benchmark.http
				.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}

		String get(String path) throws Exception {
			return this.benchmark.http
				.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}

		String modelVersion() throws Exception {
			JsonNode model = this.benchmark.json.readTree(get("/model"));
			return model.path("version").asString(null);
		}

		/**
		 * The challenger the default model is served with.
		 * @return its version and rollout, {@code "none"} without one
		 */
		String challenger() throws Exception {
			JsonNode challenger = this.benchmark.json.readTree(get("/model")).path("challenger");
			return challenger.isMissingNode() || challenger.isNull() ? "none"
					: challenger.path("version").asString() + " " + challenger.path("rollout").asString();
		}

		void awaitModel(String version) throws Exception {
			await("version " + version, version, this::modelVersion);
		}

		void awaitChallenger(String expected) throws Exception {
			await("challenger " + expected, expected, this::challenger);
		}

		private void await(String what, String expected, Callable<String> served) throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!expected.equals(served.call())) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(what + " never served: " + get("/model"));
				}
				TimeUnit.MILLISECONDS.sleep(10);
			}
		}

		String rss() throws IOException {
			List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(this.process.pid()), "status"));
			return status.stream()
				.filter((line) -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
				.map((line) -> line.replaceAll("\\s+", " "))
				.reduce((a, b) -> a + ", " + b)
				.orElse("unknown");
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
