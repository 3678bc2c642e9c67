package dev.mlpipeline.serving;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.security.test.FreshConnections;

import static org.awaitility.Awaitility.await;

/**
 * One serving replica started in the test JVM on a random port, against the shared broker
 * and MLflow, so a test can start, stop and restart replicas at will.
 */
public final class ServingInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final WebTestClient client;

	private final String baseUrl;

	private ServingInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
		// a new connection per request (FreshConnections says why)
		this.client = FreshConnections
			.client(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	/**
	 * Starts a replica serving a model.
	 * @param model the model name
	 * @param settings extra properties, e.g. {@code serving.reconcile-interval}
	 * @return the running replica
	 */
	public static ServingInstance start(String model, Map<String, Object> settings) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("spring.kafka.bootstrap-servers", KafkaBroker.bootstrapServers());
		properties.put("mlflow.tracking.uri", MlflowServer.uri().toString());
		properties.put("serving.model-name", model);
		properties.putAll(settings);
		// command-line arguments, so they win over application.yml like an environment
		// does
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new ServingInstance(new SpringApplicationBuilder(ServingApplication.class).run(args));
	}

	public WebTestClient client() {
		return this.client;
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * Waits until the event listeners have fixed their position at the latest offsets of
	 * both topics (and so read the registry again), so an event published next is not
	 * missed by a reader starting at the latest offset.
	 */
	public void awaitListening() {
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> meters.find("serving.events.positioned").gauge(),
					(gauge) -> gauge != null && gauge.value() >= 2);
	}

	/**
	 * The sum of a counter's values over the given tags.
	 * @param name the meter name
	 * @param tags tag key and value pairs
	 * @return the count, 0 when never incremented
	 */
	/**
	 * Waits until {@code /model} reports a version, loaded for a reason.
	 * @param version the version expected
	 * @param reason the expected {@code loadReason} ({@code startup}, {@code event},
	 * {@code reconcile})
	 */
	public void awaitServing(String version, String reason) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> client().get()
				.uri("/model")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.version")
				.isEqualTo(version)
				.jsonPath("$.loadReason")
				.isEqualTo(reason));
	}

	public double count(String name, String... tags) {
		return Search.in(this.context.getBean(MeterRegistry.class))
			.name(name)
			.tags(tags)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
