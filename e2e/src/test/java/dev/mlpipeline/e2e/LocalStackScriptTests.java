package dev.mlpipeline.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlpipeline.mlflow.test.MlflowServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/local-up} as a user runs it, on ports of its own: the broker's
 * controller listens beside the broker port (so two stacks on one machine never collide),
 * and every app binds loopback only. Sockets are read from {@code /proc/net/tcp}, so
 * nothing is sent anywhere.
 */
class LocalStackScriptTests {

	private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

	@Test
	void startsTheControllerBesideTheBrokerPortAndBindsEveryAppToLoopbackOnly(@TempDir Path state) throws Exception {
		int kafka = KafkaProcess.freePort();
		Map<String, Integer> apps = Map.of("trainer", KafkaProcess.freePort(), "promoter", KafkaProcess.freePort(),
				"serving", KafkaProcess.freePort());
		Map<String, String> environment = new HashMap<>();
		environment.put("LOCAL_DIR", state.toString());
		environment.put("KAFKA_PORT", String.valueOf(kafka));
		environment.put("KAFKA_CONTROLLER_PORT", "");
		environment.put("MLFLOW_TRACKING_URI", MlflowServer.uri().toString());
		environment.put("MODEL_NAME", "local-stack-check");
		apps.forEach((app, port) -> environment.put(app.toUpperCase(Locale.ROOT) + "_PORT", String.valueOf(port)));
		try {
			run("scripts/local-up", environment, state.resolve("up.log"), Duration.ofMinutes(6));
			String config = Files.readString(state.resolve("kafka/server.properties"));
			assertThat(config).contains("CONTROLLER://127.0.0.1:" + (kafka + 1))
				.contains("controller.quorum.voters=1@127.0.0.1:" + (kafka + 1))
				.contains("PLAINTEXT://127.0.0.1:" + kafka)
				.doesNotContain(":9093");
			List<String> listening = listeningSockets();
			for (int port : apps.values()) {
				assertThat(listening).as("port %d", port)
					.contains("127.0.0.1:" + port)
					.doesNotContain("0.0.0.0:" + port, "[::]:" + port);
			}
		}
		finally {
			run("scripts/local-down", environment, state.resolve("down.log"), Duration.ofMinutes(2));
		}
	}

	private static void run(String script, Map<String, String> environment, Path log, Duration timeout)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve(script).toString()).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		environment.forEach((name, value) -> {
			if (value.isEmpty()) {
				builder.environment().remove(name);
			}
			else {
				builder.environment().put(name, value);
			}
		});
		Process process = builder.start();
		boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!done) {
			process.destroyForcibly();
		}
		assertThat(done && process.exitValue() == 0).as("%s succeeded; its output:%n%s", script, Files.readString(log))
			.isTrue();
	}

	/** Listening TCP sockets as {@code address:port}, from the kernel's tables. */
	private static List<String> listeningSockets() throws IOException {
		List<String> sockets = new java.util.ArrayList<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path file = Path.of(table);
			if (!Files.exists(file)) {
				continue;
			}
			for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
				String[] fields = line.trim().split("\\s+");
				if (!"0A".equals(fields[3])) {
					continue;
				}
				String[] local = fields[1].split(":");
				int port = Integer.parseInt(local[1], 16);
				sockets.add(address(local[0]) + ":" + port);
			}
		}
		return sockets;
	}

	private static String address(String hex) {
		if (hex.length() == 8) {
			long value = Long.parseLong(hex, 16);
			return (value & 0xff) + "." + ((value >> 8) & 0xff) + "." + ((value >> 16) & 0xff) + "."
					+ ((value >> 24) & 0xff);
		}
		if (hex.chars().allMatch((c) -> c == '0')) {
			return "[::]";
		}
		if (hex.startsWith("0000000000000000FFFF0000")) {
			// an IPv4-mapped address, as a dual-stack JVM binds 127.0.0.1
			return address(hex.substring(24));
		}
		return "[" + hex + "]";
	}

}
