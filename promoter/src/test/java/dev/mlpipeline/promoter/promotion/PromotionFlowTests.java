package dev.mlpipeline.promoter.promotion;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.mlflow.test.MlflowTestServer;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.comparison.PairedTests;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PromotionFlowTests extends PromoterIntegrationTest {

	@Autowired
	private DecisionLog decisionLog;

	@Test
	void firstQualifyingVersionBecomesChampionAndProduction() {
		String model = RegistryFixture.uniqueModel("first");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		ModelRegistered event = this.fixture.publish(v1, 0.9);

		ModelPromoted promoted = awaitPromoted(model, "1");
		assertThat(promoted.previousVersion()).isNull();
		assertThat(promoted.cause()).isEqualTo(PromotionCause.POLICY);
		assertThat(promoted.runId()).isEqualTo(v1.runId());
		assertThat(promoted.artifactUri()).isEqualTo(v1.source());
		assertThat(promoted.sha256()).isEqualTo(v1.tags().get(ModelTags.SHA256));
		PromotionDecided decided = awaitDecided(model, "1");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.PROMOTED);
		assertThat(decided.eventId()).isEqualTo(DecisionRecord.idFor(event.eventId()));
		assertThat(decided.candidateValue()).isEqualTo(0.9);
		assertThat(decided.championVersion()).isNull();

		assertThat(this.fixture.alias(model, "champion")).contains("1");
		ModelVersion stored = this.fixture.version(model, "1");
		assertThat(stored.currentStage()).isEqualTo("Production");
		assertThat(stored.tags()).containsEntry(ModelTags.DECISION, "PROMOTED")
			.containsEntry(ModelTags.DECISION_ID, decided.eventId())
			.containsEntry(DecisionLog.CAUSE, "POLICY");
		assertThat(stored.tags().get(ModelTags.DECISION_REASONS)).contains("improvement: pass (no champion yet)");
	}

	@Test
	void betterVersionReplacesTheChampionWhichIsArchivedAndKeptAsPreviousChampion() {
		String model = RegistryFixture.uniqueModel("better");
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		awaitPromoted(model, "1");
		this.fixture.publish(this.fixture.register(model, 0.92), 0.92);

		ModelPromoted promoted = awaitPromoted(model, "2");
		assertThat(promoted.previousVersion()).isEqualTo("1");
		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.championVersion()).isEqualTo("1");
		assertThat(decided.championValue()).isEqualTo(0.85);
		assertThat(decided.reasons()).anyMatch((reason) -> reason.startsWith("improvement: pass"));
		assertThat(this.fixture.alias(model, "champion")).contains("2");
		assertThat(this.fixture.alias(model, "previous-champion")).contains("1");
		assertThat(this.fixture.version(model, "2").currentStage()).isEqualTo("Production");
		assertThat(this.fixture.version(model, "1").currentStage()).isEqualTo("Archived");
	}

	@Test
	void worseVersionIsRejectedWithItsReasonTagged() {
		String model = RegistryFixture.uniqueModel("worse");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		awaitPromoted(model, "1");
		this.fixture.publish(this.fixture.register(model, 0.86), 0.86);

		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.reasons()).anyMatch((reason) -> reason.contains("worse than the champion"));
		ModelVersion rejected = this.fixture.version(model, "2");
		assertThat(rejected.tags()).containsEntry(ModelTags.DECISION, "REJECTED");
		assertThat(rejected.tags().get(ModelTags.DECISION_REASONS))
			.contains("improvement: fail (accuracy 0.8600 vs champion version 1 0.9000 on different data:"
					+ " worse than the champion; no paired comparison: the candidate's run has no figures of the"
					+ " champion on its data)");
		assertThat(rejected.currentStage()).isEqualTo("None");
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::version).containsExactly("1");
	}

	@Test
	void aCandidateWithTheChampionRescoredOnItsFoldsIsDecidedPairedWithItsPValueAndCostRecorded() {
		String model = RegistryFixture.uniqueModel("paired");
		this.fixture.publish(this.fixture.register(model, 0.96), 0.96);
		awaitPromoted(model, "1");
		// the champion, 0.96 on its own data, scores 0.90 on the candidate's newer data
		double[] champion = { 0.90, 0.88, 0.92, 0.90, 0.86, 0.94, 0.90, 0.88, 0.92, 0.90 };
		double[] candidate = { 0.93, 0.92, 0.94, 0.93, 0.90, 0.96, 0.93, 0.91, 0.96, 0.92 };
		Map<String, Double> metrics = Map.of("accuracy", 0.93, "champion.accuracy", 0.90, "latency_p50_ms", 0.004,
				"latency_p99_ms", 0.02, "model_size_bytes", 5000.0, "heap_bytes", 4000.0, "champion.latency_p50_ms",
				0.003, "champion.latency_p99_ms", 0.01, "champion.model_size_bytes", 4500.0, "champion.heap_bytes",
				3900.0);
		ModelVersion paired = this.fixture.registerPaired(model, metrics, folds("1", candidate, champion));
		this.fixture.publish(paired, 0.93);

		awaitPromoted(model, "2");
		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.championValue()).isCloseTo(0.90, within(1e-9));
		PromotionDecided.Comparison comparison = decided.comparison();
		assertThat(comparison.basis()).isEqualTo(PromotionDecided.Comparison.PAIRED_FOLDS);
		assertThat(comparison.pValue())
			.isEqualTo(PairedTests.correctedResampledTTest(candidate, champion, 1.0 / 9).pValue())
			.isLessThan(0.05);
		assertThat(comparison.folds()).hasSize(10);
		assertThat(decided.cost().candidate().latencyP99Ms()).isEqualTo(0.02);
		assertThat(decided.cost().champion().heapBytes()).isEqualTo(3900.0);
		ModelVersion promoted = this.fixture.version(model, "2");
		assertThat(promoted.tags()).containsEntry(DecisionLog.COMPARISON, "paired-folds")
			.containsEntry(DecisionLog.P_VALUE, String.valueOf(comparison.pValue()));
		assertThat(this.decisionLog.latest(promoted).orElseThrow().comparison()).isEqualTo(comparison);

		// the same mean gain, fold noise ten times larger: not significant
		double[] noisy = { 0.99, 0.82, 1.00, 0.84, 0.99, 0.88, 0.98, 0.83, 1.00, 0.97 };
		this.fixture.publish(this.fixture.registerPaired(model, Map.of("accuracy", 0.93, "champion.accuracy", 0.90),
				folds("2", noisy, champion)), 0.93);
		PromotionDecided rejected = awaitDecided(model, "3");
		assertThat(rejected.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(rejected.reasons()).anySatisfy((reason) -> assertThat(reason).contains("is not significant"));
		assertThat(rejected.comparison().pValue()).isGreaterThan(0.05);
	}

	private static PairedEvaluation folds(String championVersion, double[] candidate, double[] champion) {
		List<PairedEvaluation.Fold> folds = new ArrayList<>();
		for (int i = 0; i < candidate.length; i++) {
			folds.add(new PairedEvaluation.Fold(i, 135, 15, Map.of("accuracy", candidate[i]),
					Map.of("accuracy", champion[i])));
		}
		return new PairedEvaluation(PairedEvaluation.PAIRED_FOLDS, "10-fold cross-validation, seed 1", championVersion,
				"run-of-" + championVersion, 1.0 / 9, folds, null, null);
	}

	@Test
	void duplicateEventProducesNoSecondDecision() {
		String model = RegistryFixture.uniqueModel("duplicate");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		ModelRegistered first = this.fixture.publish(v1, 0.9);
		awaitPromoted(model, "1");
		ModelVersion v2 = this.fixture.register(model, 0.5);
		ModelRegistered second = this.fixture.publish(v2, 0.5);
		awaitDecided(model, "2");
		// a redelivery (same event id) and a re-sent registration (new event id) of each
		this.fixture.publish(first);
		this.fixture.publish(second);
		this.fixture.publish(RegistryFixture.registered(v1, Map.of("accuracy", 0.9)));
		this.fixture.publish(RegistryFixture.registered(v2, Map.of("accuracy", 0.5)));
		// events of one model are handled in order: once version 3 is decided, every
		// duplicate has been handled
		this.fixture.publish(this.fixture.register(model, 0.4), 0.4);
		awaitDecided(model, "3");

		List<DecisionRecord> history = this.decisionLog.history(model);
		assertThat(history).extracting(DecisionRecord::version).containsExactly("3", "2", "1");
		List<PromotionDecided> decided = events.events(PromotionDecided.class, model);
		assertThat(decided).filteredOn((e) -> e.version().equals("1"))
			.extracting(PromotionDecided::eventId)
			.containsOnly(DecisionRecord.idFor(first.eventId()));
		assertThat(decided).filteredOn((e) -> e.version().equals("2"))
			.extracting(PromotionDecided::eventId)
			.containsOnly(DecisionRecord.idFor(second.eventId()));
		// re-emitted production changes carry the id of the one promotion
		assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::eventId)
			.containsOnly(history.get(2).promotedEventId());
		assertThat(this.fixture.version(model, "2").tags().keySet())
			.filteredOn((key) -> key.startsWith(DecisionLog.HISTORY_PREFIX))
			.hasSize(1);
		assertThat(this.fixture.alias(model, "champion")).contains("1");
	}

	@Test
	void lateOlderVersionIsJudgedAgainstTheChampionAndCannotReplaceIt() {
		String model = RegistryFixture.uniqueModel("late");
		ModelVersion v1 = this.fixture.register(model, 0.99);
		ModelVersion v2 = this.fixture.register(model, 0.9);
		this.fixture.publish(v2, 0.9);
		awaitPromoted(model, "2");
		this.fixture.publish(v1, 0.99);

		PromotionDecided decided = awaitDecided(model, "1");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.championVersion()).isEqualTo("2");
		assertThat(decided.championValue()).isEqualTo(0.9);
		assertThat(decided.reasons()).anyMatch((reason) -> reason.startsWith("order: fail (version 1 is older"));
		assertThat(this.fixture.alias(model, "champion")).contains("2");
	}

	@Test
	void versionWithDifferentFeaturesIsRejectedAsIncompatible() {
		String model = RegistryFixture.uniqueModel("schema");
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		awaitPromoted(model, "1");
		FeatureSchema iris = RegistryFixture.irisSchema();
		FeatureSchema fewer = new FeatureSchema(iris.features().subList(0, 3), iris.target());
		ModelVersion v2 = this.fixture.register(model, Map.of("accuracy", 0.95), fewer, true);
		this.fixture.publish(v2, 0.95);

		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.reasons())
			.contains("schema: fail (incompatible: features missing [petalwidth] (champion version 1))");
	}

	@Test
	void mlflow3VersionsAreCheckedOnTheFilesTheirLoggedModelsHold() {
		assumeTrue(this.capabilities.loggedModels(), "the server has no LoggedModels (MLflow 2)");
		String model = RegistryFixture.uniqueModel("logged");
		ModelVersion v1 = this.fixture.registerAsLoggedModel(model, 0.85, RegistryFixture.irisSchema());
		assertThat(v1.source()).startsWith("models:/m-");
		this.fixture.publish(v1, 0.85);
		PromotionDecided first = awaitDecided(model, "1");
		assertThat(first.outcome()).isEqualTo(PromotionOutcome.PROMOTED);
		assertThat(first.reasons()).anyMatch((reason) -> reason.startsWith("artifact: pass"));
		FeatureSchema iris = RegistryFixture.irisSchema();
		ModelVersion v2 = this.fixture.registerAsLoggedModel(model, 0.95,
				new FeatureSchema(iris.features().subList(0, 3), iris.target()));
		this.fixture.publish(v2, 0.95);

		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.reasons())
			.contains("schema: fail (incompatible: features missing [petalwidth] (champion version 1))");
	}

	@Test
	void aQualifyingVersionWhoseModelFileDoesNotMatchItsDigestIsRejectedAndTheChampionStays() {
		String model = RegistryFixture.uniqueModel("digest");
		this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
		awaitPromoted(model, "1");
		this.fixture.publish(this.fixture.register(model, 0.95, RegistryFixture.ModelFile.WRONG_SHA256), 0.95);

		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.reasons()).anyMatch((reason) -> reason.startsWith("improvement: pass"))
			.anyMatch((reason) -> reason.startsWith("artifact: fail (checksum: SHA-256 of the model file is"));
		assertThat(this.fixture.version(model, "2").tags().get(ModelTags.DECISION_REASONS))
			.contains("artifact: fail (checksum: ");
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(events.events(ModelPromoted.class, model)).extracting(ModelPromoted::version).containsExactly("1");
	}

	@Test
	void aQualifyingVersionWithoutAModelFileIsRejected() {
		String model = RegistryFixture.uniqueModel("no-file");
		this.fixture.publish(this.fixture.register(model, 0.9, RegistryFixture.ModelFile.MISSING), 0.9);

		PromotionDecided decided = awaitDecided(model, "1");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.reasons()).anyMatch((reason) -> reason.startsWith("artifact: fail (not_found: "));
		assertThat(this.fixture.alias(model, "champion")).isEmpty();
		assertThat(this.fixture.version(model, "1").currentStage()).isEqualTo("None");
	}

	@Test
	void aPromotedVersionsDecisionSaysItsModelFileWasChecked() {
		String model = RegistryFixture.uniqueModel("checked");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);

		assertThat(awaitDecided(model, "1").reasons())
			.contains("artifact: pass (model file matches its SHA-256 and passes the allow-list)");
	}

	@Test
	void championMetricsAreReadFromTheRegistryNotFromMemory() {
		String model = RegistryFixture.uniqueModel("registry-truth");
		// a champion set by someone else, its accuracy only on its run
		ModelVersion v1 = this.fixture.register(model, Map.of("accuracy", 0.95), RegistryFixture.irisSchema(), false);
		this.fixture.registry().setAlias(model, "champion", v1.version());
		this.fixture.publish(this.fixture.register(model, 0.93), 0.93);

		PromotionDecided decided = awaitDecided(model, "2");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.championVersion()).isEqualTo("1");
		assertThat(decided.championValue()).isEqualTo(0.95);
	}

	@Test
	void furtherMetricFloorsOfAModelPolicyApply() {
		ModelVersion v1 = this.fixture.register(FLOOR_MODEL, Map.of("accuracy", 0.9, "kappa", 0.6),
				RegistryFixture.irisSchema(), true);
		this.fixture.publish(RegistryFixture.registered(v1, Map.of("accuracy", 0.9, "kappa", 0.6)));

		PromotionDecided decided = awaitDecided(FLOOR_MODEL, "1");
		assertThat(decided.outcome()).isEqualTo(PromotionOutcome.REJECTED);
		assertThat(decided.reasons()).contains("floor:kappa: fail (kappa 0.6000 < 0.7000)");
	}

	@Test
	void crashBetweenTheDecisionAndTheEventsIsRepairedOnRedelivery() {
		String model = RegistryFixture.uniqueModel("repair");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		ModelRegistered event = RegistryFixture.registered(v1, Map.of("accuracy", 0.9));
		// the decision was recorded, then the promoter died before moving the alias and
		// sending anything
		DecisionRecord recorded = new DecisionRecord(DecisionRecord.idFor(event.eventId()), model, "1",
				DecisionOutcome.PROMOTED, PromotionCause.POLICY, List.of("recorded before a crash"), "accuracy", 0.9,
				null, null, Instant.now(), null, null, null, null, null);
		this.decisionLog.record(recorded);
		this.fixture.publish(event);

		ModelPromoted promoted = awaitPromoted(model, "1");
		assertThat(promoted.eventId()).isEqualTo(recorded.promotedEventId());
		PromotionDecided decided = awaitDecided(model, "1");
		assertThat(decided.eventId()).isEqualTo(recorded.decisionId());
		assertThat(decided.reasons()).containsExactly("recorded before a crash");
		assertThat(this.fixture.alias(model, "champion")).contains("1");
		assertThat(this.fixture.version(model, "1").currentStage()).isEqualTo("Production");
		assertThat(this.decisionLog.history(model)).hasSize(1);
	}

	@Test
	void malformedAndUnknownModelEventsGoToTheDeadLetterTopicAndConsumptionContinues() {
		String model = RegistryFixture.uniqueModel("dlt");
		String unknown = RegistryFixture.uniqueModel("unknown");
		try (Producer<String, byte[]> raw = KafkaBroker.rawProducer()) {
			raw.send(
					new ProducerRecord<>(Topics.MODEL_REGISTERED, model, "{not json".getBytes(StandardCharsets.UTF_8)));
			raw.flush();
		}
		this.fixture.publish(new ModelRegistered("evt-" + unknown, "job", unknown, "7", "run", "J48",
				Map.of("accuracy", 0.99), "mlflow-artifacts:/0/run/artifacts/model", "sha", Instant.now()));
		ModelVersion v1 = this.fixture.register(model, 0.9);
		this.fixture.publish(v1, 0.9);

		awaitPromoted(model, "1");
		try (Consumer<String, byte[]> dlt = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("promoter-dlt"))) {
			dlt.subscribe(List.of(Topics.MODEL_REGISTERED + ".DLT"));
			List<String> keys = new java.util.ArrayList<>();
			eventually().untilAsserted(() -> {
				for (ConsumerRecord<String, byte[]> record : dlt.poll(java.time.Duration.ofMillis(200))) {
					keys.add(record.key());
				}
				assertThat(keys).contains(model, unknown);
			});
		}
	}

	@Test
	void mlflowOutageIsRetriedUntilMlflowIsBackAndNothingIsLost() {
		MlflowTestServer server = MlflowServer.testServer().orElse(null);
		assumeTrue(server != null, "needs the MLflow test double to take MLflow down");
		String model = RegistryFixture.uniqueModel("outage");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		int before = server.requests().size();
		server.setUnavailable(true);
		try {
			this.fixture.publish(v1, 0.9);
			// two attempts per MLflow call: six lookups are three deliveries, more than
			// the bounded retries a non-transient failure gets before the DLT
			eventually().until(() -> server.requests()
				.subList(before, server.requests().size())
				.stream()
				.filter((request) -> request.path().endsWith("/model-versions/get") && request.query() != null
						&& request.query().contains(model))
				.count(), (count) -> count >= 6);
			assertThat(events.events(PromotionDecided.class, model)).isEmpty();
		}
		finally {
			server.setUnavailable(false);
		}

		awaitPromoted(model, "1");
		assertThat(this.decisionLog.history(model)).hasSize(1);
		assertThat(this.fixture.alias(model, "champion")).contains("1");
	}

	private static ModelPromoted awaitPromoted(String model, String version) {
		return eventually()
			.until(() -> events.events(ModelPromoted.class, model)
				.stream()
				.filter((event) -> event.version().equals(version))
				.findFirst(), java.util.Optional::isPresent)
			.get();
	}

	private static PromotionDecided awaitDecided(String model, String version) {
		return eventually()
			.until(() -> events.events(PromotionDecided.class, model)
				.stream()
				.filter((event) -> event.version().equals(version))
				.reduce((first, second) -> second), java.util.Optional::isPresent)
			.get();
	}

}
