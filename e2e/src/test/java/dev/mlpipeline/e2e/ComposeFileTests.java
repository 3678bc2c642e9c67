package dev.mlpipeline.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on our machines, so the compose file is checked statically: what
 * {@code docker compose up --build} needs must exist and agree with the apps.
 */
class ComposeFileTests {

	private static final List<String> SERVICES = List.of("kafka", "mlflow", "trainer", "promoter", "serving");

	private static final Map<String, String> APP_MODULES = Map.of("trainer", "trainer", "promoter", "promoter",
			"serving", "serving");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:[:?-][^}]*)?}");

	private static Path root;

	private static Map<String, Object> compose;

	private static Map<String, String> env;

	@BeforeAll
	static void readFiles() throws IOException {
		root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
		compose = new Yaml().load(Files.readString(root.resolve("docker-compose.yml")));
		env = readEnv(root.resolve(".env"));
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
		assertThat(env).containsKeys(used.toArray(String[]::new));
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
		assertThat(mlflow).contains("mlflow==2.17.2").contains("--serve-artifacts").contains("USER ");
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
				assertThat(yaml).as("%s's application.yml reads %s", app.getKey(), variable)
					.contains("${" + variable + ":");
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

	private static Map<String, Object> services() {
		return map(compose.get("services"));
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
