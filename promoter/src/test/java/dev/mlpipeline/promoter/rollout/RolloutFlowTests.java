package dev.mlpipeline.promoter.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutFlowTests extends PromoterIntegrationTest {

	private static final PredictionLogged.Output SETOSA = new PredictionLogged.Output("Iris-setosa",
			Map.of("Iris-setosa", 1.0), null);

	private static final PredictionLogged.Output VERSICOLOR = new PredictionLogged.Output("Iris-versicolor",
			Map.of("Iris-versicolor", 1.0), null);

	@Test
	void aBetterVersionGoesShadowThenCanaryThenProductionOnLiveEvidenceAlone() {
		String model = STAGED_MODEL;
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		awaitDecision(model, "1", PromotionOutcome.PROMOTED, PromotionCause.POLICY);
		this.fixture.publish(this.fixture.register(model, 0.92), 0.92);

		PromotionDecided staged = awaitDecision(model, "2", PromotionOutcome.STAGED, PromotionCause.POLICY);
		assertThat(staged.rollout().stage()).isEqualTo("shadow");
		assertThat(staged.rollout().mode()).isEqualTo("shadow-then-canary");
		assertThat(staged.reasons()).anyMatch((reason) -> reason.startsWith("rollout: staged as a shadow"));
		assertThat(this.fixture.alias(model, "challenger")).contains("2");
		assertThat(this.fixture.alias(model, "champion")).as("production unchanged").contains("1");
		assertThat(this.fixture.version(model, "2").tags()).containsEntry("rollout", "shadow");
		assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::version).containsOnly("1");
		this.web.get()
			.uri("/models/{name}", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.champion.version")
			.isEqualTo("1")
			.jsonPath("$.challenger.version")
			.isEqualTo("2")
			.jsonPath("$.challenger.decision")
			.isEqualTo("STAGED")
			.jsonPath("$.rollout.stage")
			.isEqualTo("shadow")
			.jsonPath("$.rollout.mode")
			.isEqualTo("shadow-then-canary")
			.jsonPath("$.rollout.since")
			.isNotEmpty();

		// the shadow scores what the champion answered, and agrees on every row
		send((i) -> champion(model, "1", "s-" + i, new PredictionLogged.Shadow("2", List.of(SETOSA))), 20);
		PromotionDecided canary = awaitDecision(model, "2", PromotionOutcome.STAGED, PromotionCause.LIVE);
		assertThat(canary.rollout().stage()).isEqualTo("canary");
		assertThat(canary.rollout().percent()).isEqualTo(50);
		assertThat(canary.reasons()).anyMatch((reason) -> reason.startsWith("live:agreement: pass"))
			.anyMatch((reason) -> reason.contains("now a 50 % canary"));
		eventually().until(() -> this.fixture.version(model, "2").tags().get("rollout"), "canary:50"::equals);

		// the canary answers half the requests, without an error
		send((i) -> answered(model, "2", PredictionLogged.CHALLENGER, "c-" + i, null), 20);
		send((i) -> answered(model, "1", PredictionLogged.CHAMPION, "d-" + i, null), 20);
		PromotionDecided promoted = awaitDecision(model, "2", PromotionOutcome.PROMOTED, PromotionCause.LIVE);
		assertThat(promoted.actor()).isEqualTo(PromotionDecided.POLICY_ACTOR);
		assertThat(promoted.championVersion()).isEqualTo("1");
		assertThat(promoted.reasons()).anyMatch((reason) -> reason.startsWith("live:error_rate: pass"));
		eventually().until(() -> events.events(ModelPromoted.class, model)
			.stream()
			.anyMatch((event) -> event.version().equals("2") && event.cause() == PromotionCause.LIVE));
		assertThat(this.fixture.alias(model, "champion")).contains("2");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("1");
		assertThat(this.fixture.alias(model, "challenger")).as("the rollout is over").isEmpty();
		assertThat(this.fixture.version(model, "2").currentStage()).isEqualTo("Production");
		this.web.get()
			.uri("/models/{name}", model)
			.exchange()
			.expectBody()
			.jsonPath("$.champion.version")
			.isEqualTo("2")
			.jsonPath("$.challenger")
			.isEmpty()
			.jsonPath("$.rollout")
			.isEmpty();
	}

	@Test
	void aChallengerSetByHandInTheRegistryShowsInTheStatusAsItsTagSays() {
		String model = RegistryFixture.uniqueModel("by-hand");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		awaitDecision(model, "1", PromotionOutcome.PROMOTED, PromotionCause.POLICY);
		this.fixture.register(model, 0.5);
		this.fixture.registry().setModelVersionTag(model, "2", "rollout", "canary:20");
		this.fixture.registry().setAlias(model, "challenger", "2");

		this.web.get()
			.uri("/models/{name}", model)
			.exchange()
			.expectBody()
			.jsonPath("$.challenger.version")
			.isEqualTo("2")
			.jsonPath("$.rollout.stage")
			.isEqualTo("canary")
			.jsonPath("$.rollout.percent")
			.isEqualTo(20)
			.jsonPath("$.rollout.since")
			.isEmpty();
	}

	@Test
	void aWorseVersionForcedInAsACanaryIsRolledBackByItsLiveAccuracyAndProductionNeverMoves() {
		String model = MANUAL_ROLLOUT_MODEL;
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		awaitDecision(model, "1", PromotionOutcome.PROMOTED, PromotionCause.POLICY);
		this.fixture.publish(this.fixture.register(model, 0.5), 0.5);
		awaitDecision(model, "2", PromotionOutcome.REJECTED, PromotionCause.POLICY);

		this.web.post()
			.uri("/models/{name}/versions/2/rollout", model)
			.bodyValue(Map.of("mode", "canary", "percent", 50, "reason", "try it live"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("STAGED")
			.jsonPath("$.cause")
			.isEqualTo("MANUAL")
			.jsonPath("$.actor")
			.isEqualTo(OPERATOR)
			.jsonPath("$.rollout.stage")
			.isEqualTo("canary");
		assertThat(this.fixture.version(model, "2").tags()).containsEntry("rollout", "canary:50");
		assertThat(this.fixture.alias(model, "challenger")).contains("2");

		// every answer of the canary is wrong by the labels that come back
		send((i) -> answered(model, "2", PredictionLogged.CHALLENGER, "w-" + i, null, VERSICOLOR), 20);
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			for (int i = 0; i < 20; i++) {
				producer.send(new ProducerRecord<>(Topics.FEEDBACK, model,
						new FeedbackReceived(UUID.randomUUID().toString(), model, "w-" + i,
								List.of(new FeedbackReceived.Row(0, "Iris-setosa", null)), Instant.now(), OPERATOR)));
			}
		}
		PromotionDecided dropped = awaitDecision(model, "2", PromotionOutcome.ROLLED_BACK, PromotionCause.LIVE);
		assertThat(dropped.rollout().stage()).isEqualTo("canary");
		assertThat(dropped.reasons()).anyMatch((reason) -> reason.startsWith("live:accuracy: fail"))
			.anyMatch((reason) -> reason.contains("production stays on version 1"));
		eventually().until(() -> this.fixture.alias(model, "challenger"), Optional::isEmpty);
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::version).containsOnly("1");
	}

	@Test
	void aChampionThatStartsFailingDuringItsWatchIsRolledBackToThePreviousChampion() {
		String model = WATCHED_MODEL;
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		awaitDecision(model, "1", PromotionOutcome.PROMOTED, PromotionCause.POLICY);
		this.fixture.publish(this.fixture.register(model, 0.92), 0.92);
		awaitDecision(model, "2", PromotionOutcome.PROMOTED, PromotionCause.POLICY);

		send((i) -> answered(model, "2", PredictionLogged.CHAMPION, "e-" + i, (i % 2 == 0) ? "scoring" : null), 20);
		PromotionDecided rolledBack = awaitDecision(model, "1", PromotionOutcome.ROLLED_BACK, PromotionCause.LIVE);
		assertThat(rolledBack.rollout()).isNull();
		assertThat(rolledBack.championVersion()).isEqualTo("2");
		assertThat(rolledBack.reasons()).anyMatch((reason) -> reason.startsWith("live:error_rate: fail"))
			.anyMatch((reason) -> reason.startsWith("watch: champion version 2 broke its live gates"));
		eventually().until(() -> this.fixture.alias(model, "champion"), (alias) -> alias.equals(Optional.of("1")));
		eventually().until(() -> events.events(ModelPromoted.class, model)
			.stream()
			.anyMatch((event) -> event.version().equals("1") && event.cause() == PromotionCause.LIVE));
	}

	@Test
	void anOperatorStagesAndAbortsARolloutAndOthersMayNot() {
		String model = RegistryFixture.uniqueModel("abort");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		awaitDecision(model, "1", PromotionOutcome.PROMOTED, PromotionCause.POLICY);
		this.fixture.register(model, 0.5);

		this.as("reader", "reader-pass")
			.post()
			.uri("/models/{name}/versions/2/rollout", model)
			.bodyValue(Map.of("mode", "shadow"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.post()
			.uri("/models/{name}/versions/2/rollout", model)
			.bodyValue(Map.of("mode", "sideways"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("mode");
		this.web.post()
			.uri("/models/{name}/versions/2/rollout", model)
			.bodyValue(Map.of("mode", "canary", "percent", 0))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("percent");
		this.web.post()
			.uri("/models/{name}/versions/1/rollout", model)
			.bodyValue(Map.of("mode", "shadow"))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		this.web.post()
			.uri("/models/{name}/versions/2/rollout", model)
			.bodyValue(Map.of("mode", "shadow"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.fixture.alias(model, "challenger")).contains("2");

		this.web.post()
			.uri("/models/{name}/rollout/abort", model)
			.bodyValue(Map.of("reason", "enough"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("ROLLED_BACK")
			.jsonPath("$.cause")
			.isEqualTo("MANUAL")
			.jsonPath("$.rollout.stage")
			.isEqualTo("shadow");
		assertThat(this.fixture.alias(model, "challenger")).isEmpty();
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		this.web.post().uri("/models/{name}/rollout/abort", model).exchange().expectStatus().isEqualTo(409);
		awaitDecision(model, "2", PromotionOutcome.ROLLED_BACK, PromotionCause.MANUAL);
	}

	private static PromotionDecided awaitDecision(String model, String version, PromotionOutcome outcome,
			PromotionCause cause) {
		return eventually()
			.until(() -> events.events(PromotionDecided.class, model)
				.stream()
				.filter((event) -> event.version().equals(version) && event.outcome() == outcome
						&& event.cause() == cause)
				.findFirst(), Optional::isPresent)
			.get();
	}

	private static void send(java.util.function.IntFunction<PredictionLogged> prediction, int count) {
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			for (int i = 0; i < count; i++) {
				PredictionLogged logged = prediction.apply(i);
				producer.send(new ProducerRecord<>(Topics.PREDICTIONS, logged.modelName(), logged));
			}
		}
	}

	private static PredictionLogged champion(String model, String version, String requestId,
			PredictionLogged.Shadow shadow) {
		return new PredictionLogged(UUID.randomUUID().toString(), model, version, PredictionLogged.CHAMPION, requestId,
				requestId, List.of(Map.of("sepallength", 5.1)), List.of(SETOSA), 3.0, null, shadow, Instant.now());
	}

	private static PredictionLogged answered(String model, String version, String role, String requestId,
			String error) {
		return answered(model, version, role, requestId, error, SETOSA);
	}

	private static PredictionLogged answered(String model, String version, String role, String requestId, String error,
			PredictionLogged.Output output) {
		return new PredictionLogged(UUID.randomUUID().toString(), model, version, role, requestId, requestId,
				List.of(Map.of("sepallength", 5.1)), (error != null) ? List.of() : List.of(output), 3.0, error, null,
				Instant.now());
	}

}
