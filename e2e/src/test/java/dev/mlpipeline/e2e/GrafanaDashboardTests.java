package dev.mlpipeline.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Grafana dashboard of the compose profile {@code observability} against the apps as
 * they run: valid JSON, every panel with a query on a provisioned data source, and every
 * metric each query reads present in a real scrape of trainer, promoter and serving after
 * a job was trained, promoted and swapped in, predictions were answered and one was
 * refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardTests {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*)(\\{[^}]*})?\\s", Pattern.MULTILINE);

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");

	private final Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

	private JsonNode dashboard;

	private Pipeline pipeline;

	@BeforeAll
	void readTheDashboardAndStartThePipeline() throws Exception {
		this.dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(this.root.resolve("scripts/observability/grafana/dashboards/pipeline.json")));
		this.pipeline = Pipeline.start(Path.of("target", "e2e-logs-grafana").toAbsolutePath(), Map.of());
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

	@Test
	@Order(1)
	void everyPanelQueriesAProvisionedDataSourceAndTheModelVariableFiltersThem() throws Exception {
		Set<String> uids = provisionedDataSources();
		assertThat(this.dashboard.path("uid").asString()).isNotBlank();
		assertThat(panels()).hasSizeGreaterThanOrEqualTo(9);
		for (JsonNode panel : panels()) {
			String title = panel.path("title").asString();
			assertThat(title).isNotBlank();
			assertThat(uids).as("data source of '%s'", title).contains(panel.path("datasource").path("uid").asString());
			assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty()).as(title).isTrue();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("expr").asString()).as("query of '%s'", title).isNotBlank();
				assertThat(PromQlMetricNames.of(target.path("expr").asString())).as("metrics of '%s'", title)
					.isNotEmpty();
			}
		}
		JsonNode model = variable("model");
		assertThat(uids).contains(model.path("datasource").path("uid").asString());
		assertThat(queries()).anyMatch((query) -> query.contains("model=~\"$model\""));
		assertThat(titles()).contains("Predictions/s", "Latency p50 / p99", "Errors by kind", "Swaps and failed swaps",
				"Promotion decisions by outcome", "Training time", "Consumer lag");
	}

	@Test
	@Order(2)
	void everyMetricTheDashboardReadsIsExportedByTheRunningApps() {
		JsonNode job = this.pipeline.runJob("J48", "-C 0.25 -M 2");
		String version = job.path("version").asString();
		this.pipeline.awaitDecision(version, "PROMOTED");
		this.pipeline.awaitServing(version);
		for (int i = 0; i < 5; i++) {
			assertThat(this.pipeline.serving.post("/predict", Pipeline.IRIS_ROW).statusCode()).isEqualTo(200);
		}
		assertThat(this.pipeline.serving.post("/predict", "{\"instances\": []}").statusCode()).isEqualTo(400);

		Map<String, Set<String>> wanted = new LinkedHashMap<>();
		for (String query : queries()) {
			for (String metric : PromQlMetricNames.of(query)) {
				wanted.computeIfAbsent(metric, (name) -> new TreeSet<>()).add(query);
			}
		}
		Matcher variable = LABEL_VALUES.matcher(variable("model").path("definition").asString());
		assertThat(variable.matches()).isTrue();
		wanted.computeIfAbsent(variable.group(1), (name) -> new TreeSet<>()).add(variable.group());
		// consumer metrics appear once the consumers have fetched: wait for them
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Map<String, List<String>> scraped = scrape();
			assertThat(scraped.keySet()).as("metrics the dashboard reads, against a scrape of the apps")
				.containsAll(wanted.keySet());
			assertThat(labels(scraped, variable.group(1))).contains(variable.group(2));
			assertThat(labels(scraped, "serving_prediction_latency_seconds_bucket")).contains("model", "version",
					"role", "le");
			assertThat(labels(scraped, "serving_predictions_total")).contains("model", "version", "role");
			assertThat(labels(scraped, "serving_errors_total")).contains("kind");
			assertThat(labels(scraped, "serving_swaps_failed_total")).contains("model", "kind");
			assertThat(labels(scraped, "promoter_decisions_total")).contains("model", "outcome");
			assertThat(labels(scraped, "pipeline_training_seconds_count")).contains("pipeline_model",
					"pipeline_algorithm", "outcome");
			assertThat(labels(scraped, "kafka_consumer_fetch_manager_records_lag_max")).contains("client_id");
		});
		Map<String, List<String>> scraped = scrape();
		assertThat(scraped.get("serving_predictions_total")).anyMatch(
				(sample) -> sample.contains("version=\"" + version + "\"") && sample.contains("role=\"champion\""));
		assertThat(scraped.get("pipeline_training_seconds_count"))
			.anyMatch((sample) -> sample.contains("pipeline_model=\"" + this.pipeline.model + "\"")
					&& sample.contains("outcome=\"registered\"")
					&& sample.contains("pipeline_algorithm=\"weka.classifiers.trees.J48\""));
	}

	/**
	 * The repository's scrape config with each app's DNS discovery replaced by its one
	 * process on loopback (compose's DNS names do not resolve here): a real Prometheus
	 * scrapes the apps and answers every panel's query, Grafana's variables given the
	 * values Grafana would.
	 */
	@Test
	@Order(3)
	void aRealPrometheusWithTheScrapeConfigAnswersEveryPanelsQuery() throws Exception {
		assumeTrue(Installed.command("prometheus", "--version"),
				"no Prometheus on this machine (Debian: apt-get install prometheus)");
		Path directory = Path.of("target", "e2e-logs-grafana", "prometheus").toAbsolutePath();
		Files.createDirectories(directory);
		Map<String, Object> config = new Yaml()
			.load(Files.readString(this.root.resolve("scripts/observability/prometheus/prometheus.yml")));
		Map<String, AppProcess> apps = Map.of("trainer", this.pipeline.trainer, "promoter", this.pipeline.promoter,
				"serving", this.pipeline.serving);
		@SuppressWarnings("unchecked")
		Map<String, Object> global = (Map<String, Object>) config.get("global");
		global.put("scrape_interval", "1s");
		global.put("scrape_timeout", "1s");
		for (Object entry : (List<?>) config.get("scrape_configs")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> job = (Map<String, Object>) entry;
			AppProcess app = apps.get(String.valueOf(job.get("job_name")));
			if (app != null) {
				assertThat(job.remove("dns_sd_configs")).isNotNull();
				job.put("static_configs", List.of(Map.of("targets", List.of(app.uri("").getAuthority()))));
			}
		}
		int port = KafkaProcess.freePort();
		for (Object entry : (List<?>) config.get("scrape_configs")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> job = (Map<String, Object>) entry;
			if ("prometheus".equals(job.get("job_name"))) {
				job.put("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + port))));
			}
		}
		Path file = directory.resolve("prometheus.yml");
		Files.writeString(file, new Yaml().dump(config));
		Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + file,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("prometheus.log").toFile()))
			.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			JsonMapper json = JsonMapper.builder().build();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				JsonNode targets = json.readTree(get(http, port, "/api/v1/targets")).path("data").path("activeTargets");
				List<String> up = new ArrayList<>();
				targets.forEach((target) -> {
					if ("up".equals(target.path("health").asString())) {
						up.add(target.path("labels").path("job").asString());
					}
				});
				assertThat(up).as(targets.toString()).contains("trainer", "promoter", "serving");
				for (String query : queries()) {
					String concrete = query.replace("$__rate_interval", "1m")
						.replace("$__range", "1h")
						.replace("$model", ".*");
					JsonNode answer = json.readTree(get(http, port,
							"/api/v1/query?query=" + URLEncoder.encode(concrete, StandardCharsets.UTF_8)));
					assertThat(answer.path("status").asString()).as("%s: %s", concrete, answer).isEqualTo("success");
					assertThat(answer.path("data").path("result").isEmpty()).as("no series for %s", concrete).isFalse();
				}
			});
		}
		finally {
			prometheus.destroy();
			prometheus.waitFor();
		}
	}

	private static String get(HttpClient http, int port, String path) throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** Every sample of the three apps' scrapes, by metric name, with its labels. */
	private Map<String, List<String>> scrape() {
		Map<String, List<String>> samples = new LinkedHashMap<>();
		for (AppProcess app : List.of(this.pipeline.trainer, this.pipeline.promoter, this.pipeline.serving)) {
			HttpResponse<String> page = app.get("/actuator/prometheus");
			assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
			Matcher matcher = SAMPLE.matcher(page.body());
			while (matcher.find()) {
				samples.computeIfAbsent(matcher.group(1), (name) -> new ArrayList<>())
					.add((matcher.group(2) != null) ? matcher.group(2) : "");
			}
		}
		return samples;
	}

	private static Set<String> labels(Map<String, List<String>> scraped, String metric) {
		Set<String> labels = new LinkedHashSet<>();
		Matcher matcher = Pattern.compile("(\\w+)=\"")
			.matcher(String.join(",", scraped.getOrDefault(metric, List.of())));
		while (matcher.find()) {
			labels.add(matcher.group(1));
		}
		return labels;
	}

	private Set<String> provisionedDataSources() throws Exception {
		Set<String> uids = new LinkedHashSet<>();
		try (var files = Files.list(this.root.resolve("scripts/observability/grafana/provisioning/datasources"))) {
			for (Path file : files.toList()) {
				Map<String, Object> provisioning = new Yaml().load(Files.readString(file));
				for (Object source : (List<?>) provisioning.get("datasources")) {
					uids.add(String.valueOf(((Map<?, ?>) source).get("uid")));
				}
			}
		}
		return uids;
	}

	private List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		this.dashboard.path("panels").forEach(panels::add);
		return panels;
	}

	private List<String> titles() {
		return panels().stream().map((panel) -> panel.path("title").asString()).toList();
	}

	private List<String> queries() {
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : panels()) {
			panel.path("targets").forEach((target) -> queries.add(target.path("expr").asString()));
		}
		return queries;
	}

	private JsonNode variable(String name) {
		for (JsonNode variable : this.dashboard.path("templating").path("list")) {
			if (name.equals(variable.path("name").asString())) {
				return variable;
			}
		}
		throw new AssertionError("no template variable " + name);
	}

}
