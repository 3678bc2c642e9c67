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
 * broker listens yet and is asked to promote by hand, and only then does that port lead
 * to the broker.
 */
class KafkaOutageTests extends PromoterIntegrationTest {

	/** The outbox tags, as the README documents them. */
	private static final String OUTBOX = "promotion.outbox.";

	@Autowired
	private DecisionLog decisionLog;

	@Test
	void aManualPromotionDuringAKafkaOutageChangesNothingAndSaysSoThenGoesThroughOnceKafkaIsBack() throws Exception {
		String model = RegistryFixture.uniqueModel("outage");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		this.fixture.register(model, 0.8);
		this.fixture.registry().setAlias(model, "champion", v1.version());

		try (PortForwarder kafka = PortForwarder.reserve();
				ConfigurableApplicationContext promoter = promoterWithBrokerAt(kafka.port())) {
			WebTestClient web = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + promoter.getEnvironment().getProperty("local.server.port"))
				.responseTimeout(Duration.ofSeconds(60))
				.defaultHeaders((headers) -> headers.setBasicAuth(OPERATOR, "olga-pass"))
				.build();
			long started = System.nanoTime();
			web.post()
				.uri("/models/{name}/versions/{version}/promote", model, "2")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.error")
				.value((String error) -> assertThat(error).startsWith("Kafka is unavailable, nothing changed"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			// the command never reached the model's owner: the registry is as it was
			assertThat(this.fixture.alias(model, "champion")).contains("1");
			assertThat(this.decisionLog.history(model)).isEmpty();
			assertThat(outboxTags(model)).isEmpty();

			// Kafka is back: the same call goes through, on whichever replica owns the
			// model
			kafka.open(KafkaBroker.bootstrapServers().split(",")[0]);
			// (a call while the producer still reconnects is refused as before, changing
			// nothing)
			// (once taken, the command is applied, or still waits for the model's owner
			// when the answer is 202: the owner may be rejoining its group, which the
			// second promoter's first connection made rebalance)
			int[] answered = { 503 };
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
				answered[0] = web.post()
					.uri("/models/{name}/versions/{version}/promote", model, "2")
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value();
				return answered[0] != 503;
			});
			assertThat(answered[0]).isIn(200, 202);
			Awaitility.await()
				.atMost(Duration.ofSeconds(90))
				.pollInSameThread()
				.until(() -> this.fixture.alias(model, "champion").equals(java.util.Optional.of("2")));
			assertThat(this.fixture.alias(model, "champion")).contains("2");
			// (as long as the change itself may take: the full verify once timed out here
			// at 30 s; on a timeout the assertion says which events were seen)
			Awaitility.await()
				.atMost(Duration.ofSeconds(90))
				.pollInSameThread()
				.untilAsserted(() -> assertThat(events.events(ModelPromoted.class, model)).isNotEmpty());
			DecisionRecord decision = this.decisionLog.history(model).get(0);
			assertThat(decision.cause()).isEqualTo(PromotionCause.MANUAL);
			// one decision, one promotion: the two promoters' relays may both publish the
			// outbox entry before either deletes it (at-least-once), and then the copies
			// carry the same event id, the duplicate consumers recognise
			assertThat(events.events(PromotionDecided.class, model)).extracting(PromotionDecided::eventId)
				.containsOnly(decision.decisionId());
			assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::eventId)
				.containsOnly(events.events(ModelPromoted.class, model).get(0).eventId());
			assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::version).containsOnly("2");
			assertThat(outboxTags(model)).isEmpty();
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
				"--mlflow.tracking.uri=" + MlflowServer.uri(), "--pipeline.kafka.create-topics=false",
				"--promotion.outbox.relay-interval=500ms", "--promotion.outbox.publish-wait=1s",
				"--promotion.commands.reply-timeout=30s", "--spring.kafka.producer.properties.max.block.ms=3000",
				"--promotion.live.enabled=false");
	}

}
