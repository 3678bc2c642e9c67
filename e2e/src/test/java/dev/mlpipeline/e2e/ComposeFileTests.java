package dev.mlpipeline.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer.Flavor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No Docker engine runs on our machines, so the compose file is checked statically: what
 * {@code docker compose up --build} needs must exist and agree with the apps.
 */
class ComposeFileTests {

	private static final List<String> SERVICES = List.of("kafka", "mlflow", "trainer", "promoter", "serving");

	private static final Map<String, String> APP_MODULES = Map.of("trainer", "trainer", "promoter", "promoter",
			"serving", "serving");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:[:?-][^}]*)?}");

	/**
	 * The services of the profile observability, with the container ports they publish.
	 */
	private static final Map<String, List<Integer>> OBSERVABILITY = Map.of("prometheus", List.of(9090), "grafana",
			List.of(3000), "jaeger", List.of(16686, 4317, 4318));

	/**
	 * Variables the apps read with no placeholder in application.yml: the tracing
	 * endpoint is mapped to Boot 4's property by kafka-config's
	 * {@code TracingEnvironment}, the log format binds to
	 * {@code logging.structured.format.console} by relaxed binding.
	 */
	private static final Set<String> RELAXED_BINDING = Set.of("MANAGEMENT_OTLP_TRACING_ENDPOINT",
			"LOGGING_STRUCTURED_FORMAT_CONSOLE");

	private static Path root;

	private static Map<String, Object> compose;

	private static Map<String, String> env;

	/** {@code docker-compose.scale.yml}, with Compose's {@code !reset} read as empty. */
	private static Map<String, Object> scale;

	@BeforeAll
	static void readFiles() throws IOException {
		root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
		compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
		env = readEnv(root.resolve(".env"));
		scale = new Yaml(new ResetAsEmpty()).load(Files.readString(root.resolve("docker-compose.scale.yml")));
	}

	@Test
	void theScaleFileMovesEveryAppsHostPortToOneGatewayOfTheOfficialNginxImage() throws IOException {
		Map<String, Object> overrides = map(scale.get("services"));
		List<Object> appPorts = new ArrayList<>();
		for (String app : APP_MODULES.keySet()) {
			assertThat(map(overrides.get(app))).as(app).containsEntry("ports", List.of());
			appPorts.addAll(list(map(services().get(app)).get("ports")));
		}
		Map<String, Object> gateway = map(overrides.get("gateway"));
		assertThat(list(gateway.get("ports"))).containsExactlyInAnyOrderElementsOf(appPorts);
		assertThat(resolve((String) gateway.get("image"))).matches("nginx:[0-9.]+-alpine");
		assertThat(gateway).containsKeys("healthcheck", "mem_limit");
		for (String app : APP_MODULES.keySet()) {
			assertThat(map(map(gateway.get("depends_on")).get(app))).containsEntry("condition", "service_healthy");
		}
		assertThat(list(gateway.get("volumes")))
			.containsExactly("./scripts/gateway/nginx.conf:/etc/nginx/nginx.conf:ro");
		assertThat(root.resolve("scripts/gateway/nginx.conf")).isRegularFile();
		Set<String> used = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(Files.readString(root.resolve("docker-compose.scale.yml")));
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		assertThat(env).containsKeys(used.toArray(String[]::new));
	}

	@Test
	void theGatewayProxiesEachPortToItsAppByServiceNameAndRetriesOnlyScoringOnAnotherReplica() throws IOException {
		String config = Files.readString(root.resolve("scripts/gateway/nginx.conf"));
		assertThat(config).contains("resolver 127.0.0.11");
		for (String app : APP_MODULES.keySet()) {
			String port = String.valueOf(map(map(services().get(app)).get("environment")).get("SERVER_PORT"));
			Matcher server = Pattern
				.compile("listen " + port + ";\\s*location / \\{\\s*set \\$" + app + " http://" + app + ":" + port
						+ ";\\s*proxy_pass \\$" + app + ";([^}]*)}")
				.matcher(config);
			assertThat(server.find()).as("the gateway's server for %s on %s", app, port).isTrue();
			assertThat(server.group(1).contains("non_idempotent")).as("%s retried on another replica", app)
				.isEqualTo(app.equals("serving"));
		}
	}

	@Test
	void theGatewayConfigPassesRealNginxsOwnCheck() throws Exception {
		assumeTrue(new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start().waitFor() == 0,
				"no nginx on this machine (Debian: apt-get install nginx-light)");
		Process check = new ProcessBuilder("nginx", "-e", "stderr", "-t", "-c",
				root.resolve("scripts/gateway/nginx.conf").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes());
		assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("syntax is ok");
	}

	@Test
	void declaresEveryServiceOfThePipeline() {
		assertThat(services()).containsKeys(SERVICES.toArray(String[]::new));
	}

	@Test
	void definesEveryVariableItUsesInDotEnv() throws IOException {
		Set<String> used = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(Files.readString(root.resolve("docker-compose.yml")));
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		assertThat(used).isNotEmpty();
		String dotEnv = Files.readString(root.resolve(".env"));
		for (String variable : used) {
			// a variable with its own default in the compose file may be shown commented
			// out
			boolean defaulted = Files.readString(root.resolve("docker-compose.yml")).contains("${" + variable + ":-");
			assertThat(env.containsKey(variable) || (defaulted && dotEnv.contains("# " + variable + "=")))
				.as(".env sets %s", variable)
				.isTrue();
		}
	}

	@Test
	void dotEnvHoldsThePortsModelAndPolicySettings() {
		assertThat(env).containsKeys("KAFKA_PORT", "MLFLOW_PORT", "TRAINER_PORT", "PROMOTER_PORT", "SERVING_PORT",
				"MODEL_NAME", "MODEL_ALIAS", "MODEL_STAGE", "PROMOTION_METRIC", "PROMOTION_MIN_VALUE",
				"PROMOTION_MIN_IMPROVEMENT", "TRAINER_DATA_DIR");
		assertThat(env).containsEntry("MLFLOW_PORT", "5000").containsEntry("SERVING_PORT", "8000");
	}

	@Test
	void everyBuildContextAndDockerfileExists() {
		services().forEach((name, service) -> {
			Object build = map(service).get("build");
			if (build != null) {
				Map<String, Object> spec = map(build);
				Path context = root.resolve((String) spec.get("context")).normalize();
				assertThat(context).as("build context of %s", name).isDirectory();
				Path dockerfile = context.resolve((String) spec.getOrDefault("dockerfile", "Dockerfile"));
				assertThat(dockerfile).as("Dockerfile of %s", name).isRegularFile();
			}
		});
		assertThat(map(services().get("mlflow")).get("build")).isNotNull();
		APP_MODULES.keySet().forEach((app) -> assertThat(map(services().get(app)).get("build")).isNotNull());
	}

	@Test
	void appImagesBuildTheirOwnModuleInAMavenStageAndRunAsNonRootOnAJre() throws IOException {
		for (String app : APP_MODULES.keySet()) {
			Map<String, Object> build = map(map(services().get(app)).get("build"));
			Path dockerfile = root.resolve((String) build.get("context")).resolve((String) build.get("dockerfile"));
			String content = Files.readString(dockerfile);
			assertThat(content).as(app).contains("AS build").contains("mvn ").contains("-jre").contains("USER ");
			Map<String, Object> args = map(build.get("args"));
			assertThat(args).as("build args of %s", app).containsEntry("APP", APP_MODULES.get(app));
			assertThat(root.resolve(APP_MODULES.get(app)).resolve("pom.xml")).isRegularFile();
			assertThat(String.valueOf(args.get("PORT")))
				.isEqualTo(String.valueOf(map(map(services().get(app)).get("environment")).get("SERVER_PORT")));
		}
		String mlflow = Files.readString(root.resolve("mlflow/Dockerfile"));
		assertThat(mlflow).contains("\"mlflow==${MLFLOW_VERSION}\"").contains("--serve-artifacts").contains("USER ");
	}

	@Test
	void mlflowIsMlflow3ByDefaultPinnedExactlyWithMlflow2ASwitchAway() throws IOException {
		String version = env.get("MLFLOW_VERSION");
		assertThat(version).as("an exact release").matches("\\d+\\.\\d+\\.\\d+").startsWith("3.");
		assertThat(Files.readString(root.resolve("mlflow/Dockerfile"))).contains("ARG MLFLOW_VERSION=" + version);
		Map<String, Object> mlflow = map(services().get("mlflow"));
		assertThat(map(map(mlflow.get("build")).get("args"))).containsEntry("MLFLOW_VERSION", "${MLFLOW_VERSION}");
		// one image per release, so switching to 2.17.2 never reuses a 3.x image
		assertThat((String) mlflow.get("image")).endsWith(":${MLFLOW_VERSION}");
		assertThat(Files.readString(root.resolve(".env"))).contains("2.17.2");
	}

	@Test
	void everyServiceAndTheHostsBrowserGetPastMlflow3sHostGuard() {
		Map<String, Object> mlflow = map(services().get("mlflow"));
		assertThat(map(mlflow.get("environment"))).containsEntry("MLFLOW_SERVER_ALLOWED_HOSTS",
				"${MLFLOW_ALLOWED_HOSTS}");
		List<Pattern> allowed = allowedHosts(env.get("MLFLOW_ALLOWED_HOSTS"));
		List<String> hosts = new ArrayList<>();
		for (String app : APP_MODULES.keySet()) {
			URI uri = URI.create(resolve(
					String.valueOf(map(map(services().get(app)).get("environment")).get("MLFLOW_TRACKING_URI"))));
			hosts.add(uri.getHost() + ":" + uri.getPort());
		}
		hosts.add("localhost:" + env.get("MLFLOW_PORT"));
		hosts.add("127.0.0.1:" + env.get("MLFLOW_PORT"));
		hosts.add("localhost");
		for (String host : hosts) {
			assertThat(allowed).as("an MLFLOW_ALLOWED_HOSTS entry matching Host '%s'", host)
				.anyMatch((entry) -> entry.matcher(host).matches());
		}
	}

	@Test
	void theMlflowHealthcheckFailsWhenTheApiRefusesTheHostTheServicesSend() throws Exception {
		assumeTrue(python3(), "python3 runs the image's healthcheck command");
		List<?> test = (List<?>) map(map(services().get("mlflow")).get("healthcheck")).get("test");
		assertThat(test.get(0)).isEqualTo("CMD");
		String script = String.valueOf(test.get(test.size() - 1));
		assertThat(script).contains("'Host': 'mlflow:5000'").doesNotContain("/health'");
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_3_11)) {
			String probe = script.replace("http://localhost:5000", server.uri().toString());
			assertThat(run(probe)).as("MLflow 3 with its default Host list refuses mlflow:5000").isNotZero();
			server.setAllowedHosts(env.get("MLFLOW_ALLOWED_HOSTS"));
			assertThat(run(probe)).as("with MLFLOW_ALLOWED_HOSTS").isZero();
		}
		try (MlflowTestServer server = MlflowTestServer.start(Flavor.MLFLOW_2_17)) {
			assertThat(run(script.replace("http://localhost:5000", server.uri().toString())))
				.as("MLflow 2 has no Host guard")
				.isZero();
		}
	}

	@Test
	void everyServiceHasAHealthcheck() {
		SERVICES.forEach((name) -> assertThat(map(services().get(name))).as(name).containsKey("healthcheck"));
	}

	@Test
	void appsStartOnlyAfterKafkaAndMlflowAreHealthy() {
		for (String app : APP_MODULES.keySet()) {
			Map<String, Object> dependsOn = map(map(services().get(app)).get("depends_on"));
			for (String dependency : List.of("kafka", "mlflow")) {
				assertThat(map(dependsOn.get(dependency))).as("%s depends on %s", app, dependency)
					.containsEntry("condition", "service_healthy");
			}
		}
	}

	@Test
	void imagesNameNoRegistryHost() {
		services().forEach((name, service) -> {
			String image = (String) map(service).get("image");
			if (image != null) {
				String resolved = resolve(image);
				String firstSegment = resolved.split("/")[0];
				assertThat(resolved.contains("/") && (firstSegment.contains(".") || firstSegment.contains(":")))
					.as("image of %s names a registry host: %s", name, resolved)
					.isFalse();
			}
		});
	}

	@Test
	void appsReadEveryVariableComposePassesThem() throws IOException {
		for (Map.Entry<String, String> app : APP_MODULES.entrySet()) {
			Path config = root.resolve(app.getValue()).resolve("src/main/resources/application.yml");
			assertThat(config).as("configuration of %s", app.getKey()).isRegularFile();
			String yaml = Files.readString(config);
			Map<String, Object> environment = map(map(services().get(app.getKey())).get("environment"));
			assertThat(environment).as("environment of %s", app.getKey())
				.containsKeys("KAFKA_BOOTSTRAP_SERVERS", "MLFLOW_TRACKING_URI", "SERVER_PORT");
			for (String variable : environment.keySet()) {
				if (!RELAXED_BINDING.contains(variable)) {
					assertThat(yaml).as("%s's application.yml reads %s", app.getKey(), variable)
						.contains("${" + variable + ":");
				}
			}
		}
	}

	@Test
	void everyServiceHasAMemoryLimitFromDotEnvSoItsJvmSizesToTheContainer() {
		SERVICES.forEach((name) -> {
			Object limit = map(services().get(name)).get("mem_limit");
			assertThat(limit).as("mem_limit of %s", name).isNotNull();
			assertThat(resolve(String.valueOf(limit))).as("mem_limit of %s", name).matches("[0-9]+[mg]");
		});
	}

	@Test
	void builtImagesAreNeverPulledFromARegistry() {
		services().forEach((name, service) -> {
			if (map(service).containsKey("build")) {
				assertThat(map(service)).as(name).containsEntry("pull_policy", "build");
			}
		});
	}

	@Test
	void mlflowRunsUnderAnInitProcessThatHandsSigtermToItsProcessGroup() {
		Map<String, Object> mlflow = map(services().get("mlflow"));
		assertThat(mlflow).containsEntry("init", true);
		assertThat(map(mlflow.get("environment"))).containsEntry("TINI_KILL_PROCESS_GROUP", "1");
	}

	@Test
	void everyVolumeTheKafkaImageDeclaresIsMountedSoNoAnonymousVolumeLeaks() {
		List<String> mounts = ((List<?>) map(services().get("kafka")).get("volumes")).stream()
			.map((mount) -> String.valueOf(mount).split(":")[1])
			.toList();
		// the VOLUME line of the apache/kafka image
		assertThat(mounts).contains("/var/lib/kafka/data", "/etc/kafka/secrets", "/mnt/shared/config");
	}

	@Test
	void theKafkaHealthcheckStartsAJvmOnlyEvery30SecondsOnceStarted() {
		Map<String, Object> check = map(map(services().get("kafka")).get("healthcheck"));
		assertThat(check).containsEntry("interval", "30s").containsKey("start_interval");
	}

	@Test
	void theAppImageSendsTheBuildOnlyPomsAndSourcesAndPullsNoFrontend() throws IOException {
		String dockerfile = Files.readString(root.resolve("scripts/app.Dockerfile"));
		assertThat(dockerfile).doesNotContain("# syntax=").doesNotContain("apt-get install");
		assertThat(dockerfile.indexOf("COPY pom.xml")).as("POMs are copied before any source")
			.isLessThan(dockerfile.indexOf("COPY kafka-config/src"));
		assertThat(dockerfile).contains("COPY ${APP}/src ${APP}/src").doesNotContain("COPY . .");
		List<String> ignore = Files.readAllLines(root.resolve("scripts/app.Dockerfile.dockerignore"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignore.get(0)).as("everything is left out unless named").isEqualTo("*");
		assertThat(ignore).doesNotContain("!.local", "!.local/", "!wekafiles");
		assertThat(ignore)
			.allMatch((line) -> line.equals("*") || line.endsWith("pom.xml") || line.endsWith("/src/main/"));
	}

	@Test
	void theObservabilityServicesStartOnlyWithTheirProfileAndThePipelinesWithout() {
		services().forEach((name, service) -> {
			Object profiles = map(service).get("profiles");
			if (OBSERVABILITY.containsKey(name)) {
				assertThat(profiles).as("profiles of %s", name).isEqualTo(List.of("observability"));
			}
			else {
				assertThat(profiles).as("profiles of %s", name).isNull();
			}
		});
		assertThat(services()).containsKeys(OBSERVABILITY.keySet().toArray(String[]::new));
	}

	@Test
	void theObservabilityServicesPublishTheirPortsFromDotEnvWithTheirUsualDefaults() {
		Map<Integer, String> defaults = Map.of(9090, "9090", 3000, "3000", 16686, "16686", 4317, "4317", 4318, "4318");
		OBSERVABILITY.forEach((name, containerPorts) -> {
			Map<String, Object> service = map(services().get(name));
			List<Integer> published = new ArrayList<>();
			for (Object port : list(service.get("ports"))) {
				Matcher mapping = Pattern.compile("\\$\\{([A-Z_]+)}:(\\d+)").matcher(String.valueOf(port));
				assertThat(mapping.matches()).as("port %s of %s is ${VARIABLE}:port", port, name).isTrue();
				int containerPort = Integer.parseInt(mapping.group(2));
				published.add(containerPort);
				assertThat(env).as("%s's host port", name).containsEntry(mapping.group(1), defaults.get(containerPort));
			}
			assertThat(published).as(name).containsExactlyInAnyOrderElementsOf(containerPorts);
			assertThat(resolve(String.valueOf(service.get("mem_limit")))).as("mem_limit of %s", name)
				.matches("[0-9]+[mg]");
			assertThat(service.get("networks")).isEqualTo(List.of("pipeline"));
		});
		String header = String.join("\n", headerComment());
		assertThat(header).contains("--profile observability", "${GRAFANA_PORT}", "${PROMETHEUS_PORT}",
				"${JAEGER_UI_PORT}");
	}

	@Test
	void everyConfigFileTheObservabilityServicesMountExists() {
		List<String> mounted = new ArrayList<>();
		for (String name : OBSERVABILITY.keySet()) {
			for (Object volume : list(map(services().get(name)).getOrDefault("volumes", List.of()))) {
				String source = String.valueOf(volume).split(":")[0];
				if (source.startsWith("./")) {
					assertThat(root.resolve(source)).as("mount of %s", name).exists();
					assertThat(String.valueOf(volume)).as("%s mounts its config read-only", name).endsWith(":ro");
					mounted.add(source);
				}
			}
		}
		assertThat(mounted).contains("./scripts/observability/prometheus/prometheus.yml",
				"./scripts/observability/grafana/provisioning/datasources",
				"./scripts/observability/grafana/provisioning/dashboards",
				"./scripts/observability/grafana/dashboards");
	}

	@Test
	void prometheusScrapesEveryReplicaOfEveryAppAtItsOpenPrometheusEndpoint() throws IOException {
		Map<String, Object> config = new Yaml()
			.load(Files.readString(root.resolve("scripts/observability/prometheus/prometheus.yml")));
		Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
		for (Object job : list(config.get("scrape_configs"))) {
			jobs.put(String.valueOf(map(job).get("job_name")), map(job));
		}
		for (String app : APP_MODULES.keySet()) {
			Map<String, Object> job = jobs.get(app);
			assertThat(job).as("a scrape job for %s", app).isNotNull();
			assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
			// DNS A records: one target per replica under --scale
			Map<String, Object> discovery = map(list(job.get("dns_sd_configs")).get(0));
			assertThat(discovery).containsEntry("names", List.of(app)).containsEntry("type", "A");
			assertThat(String.valueOf(discovery.get("port")))
				.isEqualTo(String.valueOf(map(map(services().get(app)).get("environment")).get("SERVER_PORT")));
		}
		assertThat(
				Files.readString(root.resolve("kafka-config/src/main/java/dev/mlpipeline/security/AccessRules.java")))
			.as("the actuator's prometheus endpoint is open on every app")
			.contains("\"/actuator/prometheus\"");
	}

	@Test
	void thePrometheusConfigPassesRealPromtoolsCheck() throws Exception {
		assumeTrue(Installed.command("promtool", "--version"),
				"no promtool on this machine (Debian: apt-get install prometheus)");
		Process check = new ProcessBuilder("promtool", "check", "config",
				root.resolve("scripts/observability/prometheus/prometheus.yml").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes());
		assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("SUCCESS");
	}

	@Test
	void grafanaLoadsTheDashboardFromWhereComposeMountsItAndReadsTheProfilesServices() throws IOException {
		Map<String, Object> grafana = map(services().get("grafana"));
		Map<String, Object> provider = map(list(map(new Yaml().load(
				Files.readString(root.resolve("scripts/observability/grafana/provisioning/dashboards/dashboards.yml"))))
			.get("providers")).get(0));
		String path = String.valueOf(map(provider.get("options")).get("path"));
		assertThat(list(grafana.get("volumes"))).contains("./scripts/observability/grafana/dashboards:" + path + ":ro");
		assertThat(root.resolve("scripts/observability/grafana/dashboards/pipeline.json")).isRegularFile();
		Map<String, Object> environment = map(grafana.get("environment"));
		assertThat(environment).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "${GRAFANA_ADMIN_PASSWORD}")
			.containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer")
			.containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", path + "/pipeline.json");
		List<String> urls = new ArrayList<>();
		for (Object source : list(map(new Yaml().load(Files
			.readString(root.resolve("scripts/observability/grafana/provisioning/datasources/datasources.yml"))))
			.get("datasources"))) {
			urls.add(String.valueOf(map(source).get("url")));
		}
		assertThat(urls).containsExactlyInAnyOrder("http://prometheus:9090", "http://jaeger:16686");
	}

	@Test
	void everyAppPassesTheTracingEndpointThroughAndDotEnvShowsJaegersOtlpAddress() throws IOException {
		for (String app : APP_MODULES.keySet()) {
			assertThat(map(map(services().get(app)).get("environment"))).as(app)
				.containsEntry("MANAGEMENT_OTLP_TRACING_ENDPOINT", "${MANAGEMENT_OTLP_TRACING_ENDPOINT}");
		}
		assertThat(Files.readString(root.resolve(".env")))
			.contains("# MANAGEMENT_OTLP_TRACING_ENDPOINT=http://jaeger:4318/v1/traces");
		assertThat(list(map(services().get("jaeger")).get("ports"))).contains("${JAEGER_OTLP_HTTP_PORT}:4318");
	}

	/** The comment lines at the top of docker-compose.yml. */
	private static List<String> headerComment() {
		try {
			return Files.readAllLines(root.resolve("docker-compose.yml"))
				.stream()
				.takeWhile((line) -> line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * The entries of an allowed-hosts list as MLflow matches them: exact, or fnmatch when
	 * they hold a *.
	 */
	private static List<Pattern> allowedHosts(String list) {
		return Arrays.stream(list.split(","))
			.map(String::trim)
			.map((entry) -> Pattern.compile(Arrays.stream(entry.split("\\*", -1))
				.map(Pattern::quote)
				.reduce((a, b) -> a + ".*" + b)
				.orElse("")))
			.toList();
	}

	private static boolean python3() {
		try {
			return new ProcessBuilder("python3", "--version").redirectErrorStream(true).start().waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static int run(String pythonScript) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("python3", "-c", pythonScript).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

	private static Map<String, Object> services() {
		return map(compose.get("services"));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static String resolve(String value) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(resolved, Matcher.quoteReplacement(env.getOrDefault(matcher.group(1), "")));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	/** Reads Compose's {@code !reset} tag as the empty value it leaves behind. */
	private static final class ResetAsEmpty extends org.yaml.snakeyaml.constructor.Constructor {

		ResetAsEmpty() {
			super(new org.yaml.snakeyaml.LoaderOptions());
			this.yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!reset"),
					new org.yaml.snakeyaml.constructor.AbstractConstruct() {
						@Override
						public Object construct(org.yaml.snakeyaml.nodes.Node node) {
							return (node instanceof org.yaml.snakeyaml.nodes.SequenceNode) ? List.of() : null;
						}
					});
		}

	}

	private static Map<String, String> readEnv(Path file) throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.trim();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			assertThat(equals).as(".env line '%s' is NAME=value", line).isPositive();
			values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
		}
		return values;
	}

}
