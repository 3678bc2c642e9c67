package dev.mlpipeline.serving.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.ModelFixtures;
import dev.mlpipeline.serving.RawConnection;
import dev.mlpipeline.serving.ServingInstance;
import dev.mlpipeline.serving.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConnectionTimeoutsTests {

	private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration TRICKLE_INTERVAL = Duration.ofMillis(200);

	private static ServingInstance serving;

	private static int port;

	@BeforeAll
	static void start() {
		String model = "timeouts-" + UUID.randomUUID();
		Instances iris = ModelFixtures.iris();
		TestRegistry registry = TestRegistry.connect();
		ModelVersion version = registry.register(model, ModelFixtures.train("weka.classifiers.trees.J48", iris), iris);
		registry.promote(model, version.version());
		serving = ServingInstance.start(model, Map.of("server.netty.idle-timeout", IDLE_TIMEOUT.toMillis() + "ms",
				"serving.request-read-timeout", REQUEST_READ_TIMEOUT.toMillis() + "ms"));
		port = Integer.parseInt(serving.baseUrl().substring(serving.baseUrl().lastIndexOf(':') + 1));
		await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);
	}

	@AfterAll
	static void stop() {
		serving.close();
	}

	@Test
	void closesAConnectionThatSendsNothingAfterTheIdleTimeout() throws Exception {
		try (RawConnection connection = RawConnection.open(port)) {
			long opened = System.nanoTime();
			await().atMost(IDLE_TIMEOUT.multipliedBy(10)).until(connection::closedByServer);
			assertThat(Duration.ofNanos(System.nanoTime() - opened))
				.isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(100));
		}
	}

	@Test
	void cutsARequestHeadTricklingInLongerThanTheIdleTimeout() throws Exception {
		try (RawConnection connection = RawConnection.open(port)) {
			connection.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
			AtomicInteger sent = trickleUntilClosed(connection, IDLE_TIMEOUT.multipliedBy(10));
			assertThat(TRICKLE_INTERVAL.multipliedBy(sent.get())).isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(200));
		}
	}

	@Test
	void cutsARequestBodyTricklingInLongerThanTheRequestReadTimeout() throws Exception {
		try (RawConnection connection = RawConnection.open(port)) {
			connection.write(
					RawConnection.head("POST", "/predict", "Content-Type: application/json", "Content-Length: 1000"));
			AtomicInteger sent = trickleUntilClosed(connection, REQUEST_READ_TIMEOUT.multipliedBy(6));
			// the bytes kept coming faster than the idle timeout, yet the request was cut
			assertThat(TRICKLE_INTERVAL).isLessThan(IDLE_TIMEOUT);
			assertThat(TRICKLE_INTERVAL.multipliedBy(sent.get()))
				.isGreaterThanOrEqualTo(REQUEST_READ_TIMEOUT.minusMillis(200));
		}
	}

	@Test
	void servesOrdinaryRequestsAndKeepsAConnectionAliveBetweenThemWithinTheIdleTimeout() throws Exception {
		String body = "{\"instances\": [{\"sepallength\": 5.1, \"sepalwidth\": 3.5, \"petallength\": 1.4,"
				+ " \"petalwidth\": 0.2}]}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (RawConnection connection = RawConnection.open(port)) {
			for (int i = 0; i < 3; i++) {
				connection.write(RawConnection.head("POST", "/predict", "Content-Type: application/json",
						"Content-Length: " + bytes.length));
				connection.write(bytes);
				RawConnection.Response answer = connection.read();
				assertThat(answer.status()).isEqualTo(200);
				assertThat(answer.body()).contains("Iris-setosa");
				// a pause shorter than the idle timeout keeps the connection
				long answered = System.nanoTime();
				await().pollDelay(IDLE_TIMEOUT.dividedBy(2))
					.atMost(IDLE_TIMEOUT)
					.until(() -> System.nanoTime() - answered >= IDLE_TIMEOUT.dividedBy(2).toNanos());
				assertThat(connection.closedByServer()).isFalse();
			}
		}
	}

	/**
	 * Sends one byte every interval until the server closes the connection, at most for
	 * the given time.
	 */
	private static AtomicInteger trickleUntilClosed(RawConnection connection, Duration atMost) {
		AtomicInteger sent = new AtomicInteger();
		await().pollInterval(TRICKLE_INTERVAL).atMost(atMost).until(() -> {
			if (!connection.trickle('a')) {
				return true;
			}
			sent.incrementAndGet();
			return connection.closedByServer();
		});
		return sent;
	}

	private static int health() {
		try (RawConnection connection = RawConnection.open(port)) {
			connection.write(RawConnection.head("GET", "/health"));
			return connection.read().status();
		}
		catch (Exception ex) {
			return -1;
		}
	}

}
