package dev.mlpipeline.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The Apache Kafka broker in KRaft mode as a child process on loopback, started from the
 * same jars and {@code kafka-config/broker/server.properties} that
 * {@code scripts/local-up} uses, so a test can stop and restart it on the same port with
 * its data intact.
 */
final class KafkaProcess implements AutoCloseable {

	private final Path directory;

	private final Path logFile;

	private final int port;

	private final int controllerPort;

	private Process process;

	KafkaProcess(Path directory, Path logFile) throws IOException {
		this.directory = directory;
		this.logFile = logFile;
		this.port = freePort();
		this.controllerPort = freePort();
		Files.createDirectories(directory);
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void start() throws IOException, InterruptedException {
		Path config = this.directory.resolve("server.properties");
		if (!Files.exists(config)) {
			writeConfig(config);
			// "--cluster-id=": a base64 id may start with "-", which the tool would take
			// for an option
			run(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId(), "-c", config.toString()));
		}
		this.process = java(List.of("kafka.Kafka", config.toString())).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
			.start();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::listening);
	}

	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		this.process = null;
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void writeConfig(Path config) throws IOException {
		Path shipped = Path.of(System.getProperty("repository.root", ".."), "kafka-config/broker/server.properties");
		List<String> lines = new ArrayList<>();
		for (String line : Files.readAllLines(shipped)) {
			if (!line.startsWith("log.dirs=")) {
				lines.add(line.replace("127.0.0.1:9092", "127.0.0.1:" + this.port)
					.replace("127.0.0.1:9093", "127.0.0.1:" + this.controllerPort));
			}
		}
		lines.add("log.dirs=" + this.directory.resolve("data"));
		Files.write(config, lines);
	}

	private void run(List<String> arguments) throws IOException, InterruptedException {
		Process formatter = java(arguments).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
			.start();
		if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
			throw new IllegalStateException("Kafka " + arguments.get(0) + " failed; see " + this.logFile);
		}
	}

	private static ProcessBuilder java(List<String> arguments) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-cp",
						System.getProperty("java.class.path")));
		command.addAll(arguments);
		return new ProcessBuilder(command);
	}

	private static String clusterId() {
		UUID uuid = UUID.randomUUID();
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
		buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
