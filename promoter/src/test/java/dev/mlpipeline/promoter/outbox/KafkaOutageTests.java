package dev.mlpipeline.promoter.outbox;

import java.time.Duration;
import java.util.List;

import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.promoter.PromoterApplication;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.support.PortForwarder;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A promoter whose broker is down: a second promoter starts against a port where no
 * broker listens yet, promotes by hand, and only then does that port lead to the broker.
 */
class KafkaOutageTests extends PromoterIntegrationTest {

	/** The outbox tags, as the README documents them. */
	private static final String OUTBOX = "promotion.outbox.";

	@Autowired
	private DecisionLog decisionLog;

	@Test
	void manualPromotionDuringAKafkaOutageMovesTheRegistrySaysEventsArePendingAndTheRelayPublishesThemOnce()
			throws Exception {
		String model = RegistryFixture.uniqueModel("outbox");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		this.fixture.register(model, 0.8);
		this.fixture.registry().setAlias(model, "champion", v1.version());

		try (PortForwarder kafka = PortForwarder.reserve();
				ConfigurableApplicationContext promoter = promoterWithBrokerAt(kafka.port())) {
			WebTestClient web = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + promoter.getEnvironment().getProperty("local.server.port"))
				.responseTimeout(Duration.ofSeconds(30))
				.defaultHeaders((headers) -> headers.setBasicAuth(OPERATOR, "olga-pass"))
				.build();
			long started = System.nanoTime();
			web.post()
				.uri("/models/{name}/versions/{version}/promote", model, "2")
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectBody()
				.jsonPath("$.events")
				.isEqualTo("pending")
				.jsonPath("$.outcome")
				.isEqualTo("PROMOTED")
				.jsonPath("$.cause")
				.isEqualTo("MANUAL")
				.jsonPath("$.version")
				.isEqualTo("2");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

			assertThat(this.fixture.alias(model, "champion")).contains("2");
			assertThat(this.fixture.alias(model, "previous-champion")).contains("1");
			DecisionRecord decision = this.decisionLog.history(model).get(0);
			assertThat(decision.cause()).isEqualTo(PromotionCause.MANUAL);
			assertThat(outboxTags(model)).containsExactlyInAnyOrder(OUTBOX + decision.decisionId(),
					OUTBOX + decision.promotedEventId());
			assertThat(events.events(PromotionDecided.class, model)).isEmpty();

			// Kafka is back
			kafka.open(KafkaBroker.bootstrapServers().split(",")[0]);
			eventually()
				.until(() -> outboxTags(model).isEmpty() && events.events(ModelPromoted.class, model).size() == 1);
			// and nothing more arrives once the outbox is empty
			Awaitility.await()
				.during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.pollInSameThread()
				.until(() -> events.events(PromotionDecided.class, model).size() == 1
						&& events.events(ModelPromoted.class, model).size() == 1);
			assertThat(events.events(PromotionDecided.class, model)).singleElement()
				.satisfies((event) -> assertThat(event.eventId()).isEqualTo(decision.decisionId()));
			assertThat(events.events(ModelPromoted.class, model)).singleElement().satisfies((promoted) -> {
				assertThat(promoted.eventId()).isEqualTo(decision.promotedEventId());
				assertThat(promoted.version()).isEqualTo("2");
				assertThat(promoted.previousVersion()).isEqualTo("1");
				assertThat(promoted.cause()).isEqualTo(PromotionCause.MANUAL);
			});
		}
	}

	private List<String> outboxTags(String model) {
		return this.fixture.registry()
			.searchModelVersions(model)
			.stream()
			.flatMap((version) -> version.tags().keySet().stream())
			.filter((key) -> key.startsWith(OUTBOX))
			.toList();
	}

	private static ConfigurableApplicationContext promoterWithBrokerAt(int port) {
		return new SpringApplicationBuilder(PromoterApplication.class).run(
				"--spring.kafka.bootstrap-servers=127.0.0.1:" + port, "--server.port=0",
				"--mlflow.tracking.uri=" + MlflowServer.uri(), "--spring.kafka.listener.auto-startup=false",
				"--pipeline.kafka.create-topics=false", "--promotion.outbox.relay-interval=500ms",
				"--promotion.outbox.publish-wait=1s", "--spring.kafka.producer.properties.max.block.ms=3000");
	}

}
