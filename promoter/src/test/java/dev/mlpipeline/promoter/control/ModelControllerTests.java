package dev.mlpipeline.promoter.control;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.security.test.ActuatorExposure;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelControllerTests extends PromoterIntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JsonMapper json;

	@Test
	void aSizeInAPolicyIsAnsweredAsItsNumberOfBytes() {
		// the mapper the HTTP answers are written with (a policy's maxModelBytes)
		assertThat(this.json.writeValueAsString(Map.of("maxModelBytes", DataSize.ofMegabytes(50))))
			.isEqualTo("{\"maxModelBytes\":52428800}");
	}

	@Test
	void rollbackRestoresThePreviousChampionAndEmitsModelPromoted() {
		String model = twoPromotedVersions("rollback");

		this.web.post()
			.uri("/models/{name}/rollback", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo("1")
			.jsonPath("$.outcome")
			.isEqualTo("ROLLED_BACK")
			.jsonPath("$.cause")
			.isEqualTo("ROLLBACK")
			.jsonPath("$.championVersion")
			.isEqualTo("2")
			.jsonPath("$.actor")
			.isEqualTo(OPERATOR);

		ModelPromoted promoted = awaitPromoted(model, PromotionCause.ROLLBACK);
		assertThat(promoted.version()).isEqualTo("1");
		assertThat(promoted.previousVersion()).isEqualTo("2");
		assertThat(promoted.actor()).isEqualTo(OPERATOR);
		PromotionDecided decided = awaitDecided(model, PromotionOutcome.ROLLED_BACK);
		assertThat(decided.version()).isEqualTo("1");
		assertThat(decided.actor()).isEqualTo(OPERATOR);
		assertThat(this.fixture.version(model, "1").tags()).containsEntry(DecisionLog.ACTOR, OPERATOR);
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("2");
		assertThat(this.fixture.version(model, "1").currentStage()).isEqualTo("Production");
		assertThat(this.fixture.version(model, "2").currentStage()).isEqualTo("Archived");
		assertThat(this.fixture.version(model, "1").tags()).containsEntry(ModelTags.DECISION, "ROLLED_BACK");
	}

	@Test
	void rollbackToANamedVersionRecordsTheOperatorsReason() {
		String model = twoPromotedVersions("rollback-to");
		this.fixture.publish(this.fixture.register(model, 0.97), 0.97);
		eventually().until(() -> this.fixture.alias(model, "champion"), (alias) -> alias.equals(Optional.of("3")));

		this.web.post()
			.uri("/models/{name}/rollback", model)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("version", "1", "reason", "drift in version 3"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.reasons[0]")
			.isEqualTo("rollback: production moved back to version 1 from version 3")
			.jsonPath("$.reasons[1]")
			.isEqualTo("artifact: pass (model file matches its SHA-256 and passes the allow-list)")
			.jsonPath("$.reasons[2]")
			.isEqualTo("note: drift in version 3")
			.jsonPath("$.events")
			.isEqualTo("published");
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("3");
	}

	@Test
	void decisionsEndpointListsEveryDecisionNewestFirst() {
		String model = twoPromotedVersions("decisions");
		this.fixture.publish(this.fixture.register(model, 0.5), 0.5);
		awaitDecided(model, PromotionOutcome.REJECTED);
		this.web.post().uri("/models/{name}/rollback", model).exchange().expectStatus().isOk();

		this.web.get()
			.uri("/models/{name}/decisions", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(4)
			.jsonPath("$[*].version")
			.isEqualTo(List.of("1", "3", "2", "1"))
			.jsonPath("$[*].outcome")
			.isEqualTo(List.of("ROLLED_BACK", "REJECTED", "PROMOTED", "PROMOTED"))
			.jsonPath("$[*].cause")
			.isEqualTo(List.of("ROLLBACK", "POLICY", "POLICY", "POLICY"))
			.jsonPath("$[1].metric")
			.isEqualTo("accuracy")
			.jsonPath("$[1].candidateValue")
			.isEqualTo(0.5)
			.jsonPath("$[1].championValue")
			.isEqualTo(0.95)
			.jsonPath("$[1].championVersion")
			.isEqualTo("2")
			.jsonPath("$[1].reasons[1]")
			.isEqualTo("threshold: fail (accuracy 0.5000 < 0.8000)")
			.jsonPath("$[1].decidedAt")
			.isNotEmpty();
	}

	@Test
	void modelEndpointShowsTheChampionAndThePreviousChampion() {
		String model = twoPromotedVersions("status");

		this.web.get()
			.uri("/models/{name}", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo(model)
			.jsonPath("$.champion.version")
			.isEqualTo("2")
			.jsonPath("$.champion.stage")
			.isEqualTo("Production")
			.jsonPath("$.champion.metrics.accuracy")
			.isEqualTo(0.95)
			.jsonPath("$.previousChampion.version")
			.isEqualTo("1")
			.jsonPath("$.candidates.length()")
			.isEqualTo(0)
			.jsonPath("$.policy.metric")
			.isEqualTo("accuracy");
	}

	@Test
	void versionWaitingForApprovalIsACandidateUntilPromotedByHand() {
		this.fixture.publish(this.fixture.register(APPROVAL_MODEL, 0.9), 0.9);
		// the decision is recorded once its id, written last, is on the
		// version (a real MLflow is slow enough to show the outcome tag first)
		eventually().until(() -> this.fixture.version(APPROVAL_MODEL, "1").tags(),
				(tags) -> "PENDING_APPROVAL".equals(tags.get(ModelTags.DECISION))
						&& tags.containsKey(ModelTags.DECISION_ID));
		assertThat(this.fixture.alias(APPROVAL_MODEL, "champion")).isEmpty();
		this.web.get()
			.uri("/models/{name}", APPROVAL_MODEL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.champion")
			.isEmpty()
			.jsonPath("$.candidates[0].version")
			.isEqualTo("1")
			.jsonPath("$.candidates[0].decision")
			.isEqualTo("PENDING_APPROVAL");

		this.web.post()
			.uri("/models/{name}/versions/{version}/promote", APPROVAL_MODEL, "1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("PROMOTED")
			.jsonPath("$.cause")
			.isEqualTo("MANUAL")
			.jsonPath("$.reasons[0]")
			.isEqualTo("approval: approved by an operator");

		ModelPromoted promoted = awaitPromoted(APPROVAL_MODEL, PromotionCause.MANUAL);
		assertThat(promoted.version()).isEqualTo("1");
		assertThat(events.events(PromotionDecided.class, APPROVAL_MODEL)).singleElement()
			.satisfies((decided) -> assertThat(decided.cause()).isEqualTo(PromotionCause.MANUAL));
		assertThat(this.fixture.alias(APPROVAL_MODEL, "champion")).contains("1");
		assertThat(this.fixture.version(APPROVAL_MODEL, "1").currentStage()).isEqualTo("Production");
	}

	@Test
	void manualPromotionSkipsTheGates() {
		String model = twoPromotedVersions("manual");
		this.fixture.publish(this.fixture.register(model, 0.6), 0.6);
		awaitDecided(model, PromotionOutcome.REJECTED);

		this.web.post()
			.uri("/models/{name}/versions/{version}/promote", model, "3")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "canary looked fine"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.reasons")
			.isEqualTo(List.of("manual: promoted by an operator", "gates: skipped for a manual promotion",
					"artifact: pass (model file matches its SHA-256 and passes the allow-list)",
					"note: canary looked fine"));
		assertThat(this.fixture.alias(model, "champion")).contains("3");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("2");
		assertThat(awaitPromoted(model, PromotionCause.MANUAL).previousVersion()).isEqualTo("2");
	}

	@Test
	void manualPromotionOfAVersionWhoseModelFileDoesNotMatchItsDigestIsRefusedAndChangesNothing() {
		String model = twoPromotedVersions("bad-digest");
		this.fixture.register(model, 0.99, RegistryFixture.ModelFile.WRONG_SHA256);

		this.web.post()
			.uri("/models/{name}/versions/{version}/promote", model, "3")
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo(model)
			.jsonPath("$.version")
			.isEqualTo("3")
			.jsonPath("$.problem")
			.value((problem) -> assertThat((String) problem).startsWith("checksum: SHA-256 of the model file is"));
		assertThat(this.fixture.alias(model, "champion")).contains("2");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("1");
		assertThat(this.fixture.version(model, "3").currentStage()).isEqualTo("None");
		assertThat(this.fixture.version(model, "3").tags()).doesNotContainKey(ModelTags.DECISION_ID);
		eventually().until(() -> events.events(PromotionDecided.class, model).size() == 2);
		assertThat(events.events(PromotionDecided.class, model)).extracting(PromotionDecided::version)
			.containsOnly("1", "2");
	}

	@Test
	void rollbackToAVersionWhoseModelFileIsMissingIsRefusedAndChangesNothing() {
		String model = RegistryFixture.uniqueModel("missing-file");
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		eventually().until(() -> this.fixture.alias(model, "champion"), (alias) -> alias.equals(Optional.of("1")));
		this.fixture.register(model, 0.8, RegistryFixture.ModelFile.MISSING);

		this.web.post()
			.uri("/models/{name}/rollback", model)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("version", "2"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.problem")
			.value((problem) -> assertThat((String) problem).startsWith("not_found: "))
			.jsonPath("$.error")
			.value((error) -> assertThat((String) error)
				.startsWith("Model " + model + " version 2 cannot go to production: its model file failed the check"));
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(this.fixture.alias(model, "previous-champion")).isEmpty();
		assertThat(this.fixture.version(model, "2").tags()).doesNotContainKey(ModelTags.DECISION_ID);
	}

	@Test
	void unknownModelOrVersionIsNotFoundAndNamesIt() {
		String missing = RegistryFixture.uniqueModel("missing");
		this.web.get()
			.uri("/models/{name}", missing)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo(missing)
			.jsonPath("$.error")
			.isEqualTo("Unknown model " + missing);
		this.web.get().uri("/models/{name}/decisions", missing).exchange().expectStatus().isNotFound();
		this.web.post().uri("/models/{name}/rollback", missing).exchange().expectStatus().isNotFound();

		String model = RegistryFixture.uniqueModel("missing-version");
		this.fixture.register(model, 0.5);
		this.web.post()
			.uri("/models/{name}/versions/{version}/promote", model, "9")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo(model)
			.jsonPath("$.version")
			.isEqualTo("9");
	}

	@Test
	void rollbackWithNothingToRollBackToIsAConflict() {
		String model = RegistryFixture.uniqueModel("nothing");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		awaitPromoted(model, PromotionCause.POLICY);

		this.web.post()
			.uri("/models/{name}/rollback", model)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.model")
			.isEqualTo(model)
			.jsonPath("$.error")
			.isEqualTo("Model " + model + " has nothing to roll back to: no version holds the alias previous-champion");
		this.web.post()
			.uri("/models/{name}/versions/{version}/promote", model, "1")
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		assertThat(this.fixture.alias(model, "champion")).contains("1");
	}

	@Test
	void mlflowOutageIsAnsweredWithServiceUnavailable() {
		MlflowTestServer server = MlflowServer.testServer().orElse(null);
		assumeTrue(server != null, "needs the MLflow test double to take MLflow down");
		server.setUnavailable(true);
		try {
			this.web.get()
				.uri("/models/{name}", RegistryFixture.uniqueModel("down"))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.error")
				.value((error) -> assertThat((String) error).startsWith("MLflow is unavailable"));
		}
		finally {
			server.setUnavailable(false);
		}
	}

	@Test
	void decisionsAreCountedByOutcomeAndCause() {
		String model = twoPromotedVersions("metrics");
		// the model's own counter: every other test's models are counted beside it
		assertThat(this.meters.get("promoter.decisions")
			.tags("model", model, "outcome", "PROMOTED", "cause", "POLICY")
			.counter()
			.count()).isEqualTo(2);
	}

	@Test
	void thePolicysOwnDecisionsHaveThePolicyAsTheirActor() {
		String model = twoPromotedVersions("policy-actor");
		eventually().until(() -> events.events(PromotionDecided.class, model).size() == 2);
		assertThat(events.events(PromotionDecided.class, model))
			.allSatisfy((decided) -> assertThat(decided.actor()).isEqualTo(PromotionDecided.POLICY_ACTOR));
		assertThat(events.events(ModelPromoted.class, model))
			.allSatisfy((promoted) -> assertThat(promoted.actor()).isEqualTo(PromotionDecided.POLICY_ACTOR));
		assertThat(this.fixture.version(model, "2").tags()).containsEntry(DecisionLog.ACTOR, "policy");
		this.web.get()
			.uri("/models/{name}/decisions", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].actor")
			.isEqualTo("policy");
	}

	@Test
	void changingProductionNeedsTheOperatorRoleAndChangesNothingWithoutIt() {
		String model = twoPromotedVersions("guarded");
		this.anonymous.post()
			.uri("/models/{name}/rollback", model)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists("WWW-Authenticate")
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("operator");
		as("reader", "reader-pass").post()
			.uri("/models/{name}/rollback", model)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("operator")
			.jsonPath("$.user")
			.isEqualTo("reader")
			.jsonPath("$.error")
			.isEqualTo(
					"user 'reader' does not have the role 'operator' that POST /models/" + model + "/rollback needs");
		as("scientist", "scientist-pass").post()
			.uri("/models/{name}/versions/{version}/promote", model, "1")
			.exchange()
			.expectStatus()
			.isForbidden();
		as("olga", "wrong").post()
			.uri("/models/{name}/versions/{version}/promote", model, "1")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(this.fixture.alias(model, "champion")).contains("2");
		assertThat(this.fixture.version(model, "1").currentStage()).isNotEqualTo("Production");
		this.anonymous.get().uri("/models/{name}", model).exchange().expectStatus().isUnauthorized();
		as("reader", "reader-pass").get()
			.uri("/models/{name}", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.champion.version")
			.isEqualTo("2")
			.jsonPath("$.champion.decidedBy")
			.isEqualTo("policy");
		as("reader", "reader-pass").get().uri("/models/{name}/decisions", model).exchange().expectStatus().isOk();
	}

	@Test
	void theActuatorExposesOnlyHealthInfoAndPrometheus() {
		ActuatorExposure.assertOnlyProbesInfoAndMetrics(this.anonymous, "reader", "reader-pass");
	}

	private String twoPromotedVersions(String prefix) {
		String model = RegistryFixture.uniqueModel(prefix);
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		eventually().until(() -> this.fixture.alias(model, "champion"), (alias) -> alias.equals(Optional.of("1")));
		this.fixture.publish(this.fixture.register(model, 0.95), 0.95);
		eventually().until(() -> this.fixture.alias(model, "champion"), (alias) -> alias.equals(Optional.of("2")));
		return model;
	}

	private static ModelPromoted awaitPromoted(String model, PromotionCause cause) {
		return eventually()
			.until(() -> events.events(ModelPromoted.class, model)
				.stream()
				.filter((event) -> event.cause() == cause)
				.findFirst(), Optional::isPresent)
			.get();
	}

	private static PromotionDecided awaitDecided(String model, PromotionOutcome outcome) {
		return eventually()
			.until(() -> events.events(PromotionDecided.class, model)
				.stream()
				.filter((event) -> event.outcome() == outcome)
				.findFirst(), Optional::isPresent)
			.get();
	}

}
