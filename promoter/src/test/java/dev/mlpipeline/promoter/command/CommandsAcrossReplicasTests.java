package dev.mlpipeline.promoter.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.promoter.PromoterApplication;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two promoter replicas on one broker: the tests' own and a second one started here, both
 * in the group {@code promoter}, so each owns some partitions. Concurrent promotions and
 * rollbacks of one model sent to either replica are all applied by the model's owner, one
 * after the other: every decision was taken against the production state the one before
 * it left, and the registry ends consistent.
 */
class CommandsAcrossReplicasTests extends PromoterIntegrationTest {

	private static final String LISTENER = "promoter-models";

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private DecisionLog decisionLog;

	@Test
	void concurrentPromotionsAndRollbacksOnBothReplicasAreAppliedByTheModelsOwnerInOneOrder() throws Exception {
		String model = RegistryFixture.uniqueModel("replicated");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		eventually().until(() -> events.events(PromotionDecided.class, model)
			.stream()
			.anyMatch(
					(event) -> event.outcome() == PromotionOutcome.PROMOTED && event.cause() == PromotionCause.POLICY));
		List<String> versions = new ArrayList<>(List.of("1"));
		for (int i = 0; i < 3; i++) {
			versions.add(this.fixture.register(model, 0.8).version());
		}

		try (ConfigurableApplicationContext second = secondReplica()) {
			KafkaListenerEndpointRegistry theirs = second.getBean(KafkaListenerEndpointRegistry.class);
			// both replicas own partitions of the group
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> !assigned(this.listeners).isEmpty() && !assigned(theirs).isEmpty());
			int partition = Utils.toPositive(Utils.murmur2(model.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
					% 3;
			boolean oursOwnIt = assigned(this.listeners)
				.contains(new TopicPartition(dev.mlpipeline.kafka.Topics.PROMOTION_COMMANDS, partition));
			WebTestClient other = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + second.getEnvironment().getProperty("local.server.port"))
				.responseTimeout(Duration.ofSeconds(60))
				.defaultHeaders((headers) -> headers.setBasicAuth(OPERATOR, "olga-pass"))
				.build();
			List<WebTestClient> replicas = List.of(this.web.mutate().responseTimeout(Duration.ofSeconds(60)).build(),
					other);

			Random random = new Random(17);
			List<Callable<Answer>> calls = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				int replica = random.nextInt(2);
				boolean rollback = random.nextInt(3) == 0;
				String version = versions.get(random.nextInt(versions.size()));
				calls.add(() -> {
					WebTestClient client = replicas.get(replica);
					EntityExchangeResult<String> result = (rollback
							? client.post().uri("/models/{name}/rollback", model)
							: client.post().uri("/models/{name}/versions/{version}/promote", model, version))
						.exchange()
						.expectBody(String.class)
						.returnResult();
					return new Answer(replica, result.getStatus().value(), result.getResponseBody());
				});
			}
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Answer> answers = new ArrayList<>();
			try {
				for (Future<Answer> answer : pool.invokeAll(calls)) {
					answers.add(answer.get());
				}
			}
			finally {
				pool.shutdownNow();
			}

			assertThat(answers).extracting(Answer::status).allMatch((status) -> status == 200 || status == 409);
			List<Answer> applied = answers.stream().filter((answer) -> answer.status() == 200).toList();
			assertThat(applied).isNotEmpty();
			int owner = oursOwnIt ? 0 : 1;
			assertThat(applied).as("calls to the replica that does not own the model, applied by the one that does")
				.anyMatch((answer) -> answer.replica() != owner);

			List<DecisionRecord> operatorDecisions = new ArrayList<>(this.decisionLog.history(model)
				.stream()
				.filter((decision) -> decision.cause() == PromotionCause.MANUAL
						|| decision.cause() == PromotionCause.ROLLBACK)
				.toList());
			assertThat(operatorDecisions).as("one decision per accepted call").hasSize(applied.size());
			operatorDecisions.sort(DecisionRecord.NEWEST_FIRST.reversed());
			String production = "1";
			for (DecisionRecord decision : operatorDecisions) {
				assertThat(decision.championVersion())
					.as("decision %s taken against the production the one " + "before it left", decision.decisionId())
					.isEqualTo(production);
				production = decision.version();
			}
			String champion = this.fixture.alias(model, "champion").orElseThrow();
			assertThat(champion).isEqualTo(production);
			List<String> inProduction = this.fixture.registry()
				.searchModelVersions(model)
				.stream()
				.filter((version) -> "Production".equals(version.currentStage()))
				.map(ModelVersion::version)
				.toList();
			assertThat(inProduction).containsExactly(champion);
			assertThat(this.fixture.alias(model, "previous-champion")).isPresent()
				.isNotEqualTo(java.util.Optional.of(champion));
		}
	}

	private static Collection<TopicPartition> assigned(KafkaListenerEndpointRegistry registry) {
		Collection<TopicPartition> partitions = registry.getListenerContainer(LISTENER).getAssignedPartitions();
		return (partitions != null) ? partitions : List.of();
	}

	private static ConfigurableApplicationContext secondReplica() {
		return new SpringApplicationBuilder(PromoterApplication.class).run(
				"--spring.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers(), "--server.port=0",
				"--mlflow.tracking.uri=" + MlflowServer.uri(), "--pipeline.kafka.create-topics=false",
				"--promotion.live.enabled=false", "--promotion.rollout.check-interval=1s",
				"--promotion.commands.reply-timeout=60s");
	}

	/**
	 * One call's answer.
	 *
	 * @param replica which replica took the call
	 * @param status its status
	 * @param body its body
	 */
	private record Answer(int replica, int status, String body) {
	}

}
