package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import weka.core.Instances;

import dev.mlpipeline.mlflow.ModelVersion;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Staged rollouts decided by live evidence alone, on the pipeline as processes: serving
 * answers a client that sends iris rows and, right after each answer, the row's label;
 * the promoter's Kafka Streams topology joins the logged predictions with those labels,
 * and its rollout checks promote or drop the challenger. A first champion that is a
 * decision stump (right on two classes of three) makes room for a better J48, which the
 * policy stages as a shadow, then a 30 % canary, and the live gates promote; a ZeroR
 * forced in as a canary is dropped on its live accuracy; and when the labels drift, the
 * J48 champion is rolled back to the stump within its watch. Not one request fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRolloutEndToEndTests {

	private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(180);

	/**
	 * The rollout policy of this scene: every version that passes the offline gates over
	 * a champion goes shadow, then a 30 % canary; each stage is decided after 60 requests
	 * and 5 s, on error rate and on the accuracy of 40 labelled rows, which must also
	 * beat the champion's by 10 points; a promoted champion is watched for 10 minutes.
	 */
	private static final Map<String, String> ROLLOUTS = Map.ofEntries(
			Map.entry("PROMOTION_ROLLOUT", "shadow-then-canary"), Map.entry("PROMOTION_CANARY_PERCENT", "30"),
			// the stump scores 2/3 offline: low enough a bar to be the first champion
			Map.entry("PROMOTION_MIN_VALUE", "0.5"), Map.entry("PROMOTION_LIVE_MIN_REQUESTS", "60"),
			Map.entry("PROMOTION_LIVE_MIN_DURATION", "5s"), Map.entry("PROMOTION_LIVE_MAX_DURATION", "10m"),
			Map.entry("PROMOTION_LIVE_MAX_ERROR_RATE", "0.02"), Map.entry("PROMOTION_LIVE_MIN_LABELS", "40"),
			Map.entry("PROMOTION_LIVE_MIN_ACCURACY", "0.9"), Map.entry("PROMOTION_LIVE_MIN_IMPROVEMENT", "0.1"),
			Map.entry("PROMOTION_WATCH", "10m"), Map.entry("PROMOTION_ROLLOUT_CHECK_INTERVAL", "1s"));

	private Pipeline pipeline;

	private Instances iris;

	private LiveTraffic traffic;

	private String stump;

	private String j48;

	private String zeroR;

	@BeforeAll
	void startThePipeline() throws Exception {
		this.iris = Snapshots.iris();
		this.pipeline = Pipeline.start(Path.of("target", "e2e-live-logs").toAbsolutePath(), ROLLOUTS);
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		if (this.traffic != null) {
			this.traffic.close();
		}
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

	@Test
	@Order(1)
	void theFirstChampionIsPromotedDirectlyAndAnswersLabelledTraffic() {
		this.stump = this.pipeline.runJob("DecisionStump", "").path("version").asString();
		JsonNode promoted = awaitDecision(this.stump, "PROMOTED", "POLICY");
		assertThat(promoted.path("rollout").isNull()).as("no champion to stage beside").isTrue();
		this.pipeline.awaitServing(this.stump);

		this.traffic = new LiveTraffic(this.pipeline.serving, this.iris);
		await().atMost(Pipeline.SWAP_TIMEOUT).until(() -> this.traffic.answered(this.stump, "champion") >= 20);
		assertThat(this.traffic.failures).isEmpty();
	}

	@Test
	@Order(2)
	void aBetterVersionGoesShadowThenCanaryThenProductionOnLiveEvidenceWithNoFailedRequest() {
		this.j48 = this.pipeline.runJob("J48", "-C 0.25 -M 2").path("version").asString();

		JsonNode staged = awaitDecision(this.j48, "STAGED", "POLICY");
		assertThat(staged.path("rollout").path("stage").asString()).isEqualTo("shadow");
		assertThat(staged.path("rollout").path("mode").asString()).isEqualTo("shadow-then-canary");
		assertThat(champion()).as("production unchanged while it is a shadow").contains(this.stump);
		awaitChallenger(this.j48, "shadow");

		JsonNode canary = awaitDecision(this.j48, "STAGED", "LIVE");
		assertThat(canary.path("rollout").path("stage").asString()).isEqualTo("canary");
		assertThat(canary.path("rollout").path("percent").asInt()).isEqualTo(30);
		assertThat(reasons(canary)).anyMatch((reason) -> reason.startsWith("live:accuracy: pass"))
			.anyMatch((reason) -> reason.startsWith("live:improvement: pass"));
		awaitChallenger(this.j48, "canary:30");
		await().atMost(LIVE_TIMEOUT).until(() -> this.traffic.answered(this.j48, "challenger") > 0);

		JsonNode promoted = awaitDecision(this.j48, "PROMOTED", "LIVE");
		assertThat(promoted.path("actor").asString()).isEqualTo("policy");
		assertThat(reasons(promoted)).anyMatch((reason) -> reason.startsWith("live:error_rate: pass"))
			.anyMatch((reason) -> reason.startsWith("live:accuracy: pass"));
		this.pipeline.awaitServing(this.j48);
		assertThat(champion()).contains(this.j48);
		assertThat(alias("previous-champion")).contains(this.stump);
		assertThat(alias("challenger")).as("the rollout is over").isEmpty();
		assertThat(this.pipeline.registry.getModelVersion(this.pipeline.model, this.j48).currentStage())
			.isEqualTo("Production");
		assertThat(this.traffic.failures).as("no request failed during the rollout").isEmpty();
	}

	@Test
	@Order(3)
	void aWorseVersionForcedInAsACanaryIsDroppedOnItsLiveAccuracy() {
		this.zeroR = this.pipeline.runJob("ZeroR", "").path("version").asString();
		awaitDecision(this.zeroR, "REJECTED", "POLICY");

		HttpResponse<String> stage = this.pipeline.promoter.post(
				"/models/" + this.pipeline.model + "/versions/" + this.zeroR + "/rollout",
				"{\"mode\": \"canary\", \"percent\": 50, \"reason\": \"e2e: ZeroR, live\"}");
		assertThat(stage.statusCode()).as(stage.body()).isEqualTo(200);
		JsonNode staged = this.pipeline.read(stage);
		assertThat(staged.path("outcome").asString()).isEqualTo("STAGED");
		assertThat(staged.path("cause").asString()).isEqualTo("MANUAL");
		assertThat(staged.path("actor").asString()).isEqualTo("operator");
		await().atMost(LIVE_TIMEOUT).until(() -> this.traffic.answered(this.zeroR, "challenger") > 0);

		JsonNode decision = awaitDecision(this.zeroR, "ROLLED_BACK", "LIVE");
		assertThat(decision.path("rollout").path("stage").asString()).isEqualTo("canary");
		assertThat(reasons(decision)).anyMatch((reason) -> reason.startsWith("live:accuracy: fail"))
			.anyMatch((reason) -> reason.contains("production stays on version " + this.j48));
		awaitChallenger(null, null);
		assertThat(alias("challenger")).isEmpty();
		assertThat(champion()).contains(this.j48);
		// past any request routed to the canary before serving dropped it
		int dropped = this.traffic.total();
		await().atMost(LIVE_TIMEOUT).until(() -> this.traffic.total() >= dropped + 5);
		int zeroRAnswers = this.traffic.answered(this.zeroR, "challenger");
		int before = this.traffic.total();
		await().atMost(LIVE_TIMEOUT).until(() -> this.traffic.total() >= before + 50);
		assertThat(this.traffic.answered(this.zeroR, "challenger")).as("ZeroR answers no more").isEqualTo(zeroRAnswers);
		assertThat(this.traffic.failures).isEmpty();
	}

	@Test
	@Order(4)
	void aChampionThatStartsFailingOnLiveLabelsIsRolledBackWithinItsWatch() {
		// the world now calls each flower by the next class's name
		List<String> classes = new ArrayList<>();
		this.iris.classAttribute()
			.enumerateValues()
			.asIterator()
			.forEachRemaining((value) -> classes.add(value.toString()));
		this.traffic.labelWith((index) -> classes.get((index + 1) % classes.size()));

		JsonNode rolledBack = awaitDecision(this.stump, "ROLLED_BACK", "LIVE");
		assertThat(rolledBack.path("rollout").isNull()).isTrue();
		assertThat(reasons(rolledBack)).anyMatch((reason) -> reason.startsWith("live:accuracy: fail"))
			.anyMatch((reason) -> reason.startsWith("watch: champion version " + this.j48 + " broke its live gates"));
		this.pipeline.awaitServing(this.stump);
		assertThat(champion()).contains(this.stump);
		assertThat(this.traffic.failures).isEmpty();
	}

	@Test
	@Order(5)
	void everyLiveStepIsInTheDecisionLogAndNoRequestFailed() throws InterruptedException {
		this.traffic.close();
		assertThat(steps(this.j48)).containsExactly("STAGED POLICY", "STAGED LIVE", "PROMOTED LIVE");
		assertThat(steps(this.zeroR)).containsExactly("REJECTED POLICY", "STAGED MANUAL", "ROLLED_BACK LIVE");
		assertThat(steps(this.stump)).containsExactly("PROMOTED POLICY", "ROLLED_BACK LIVE");
		assertThat(this.traffic.failures).isEmpty();
		assertThat(this.traffic.total()).isGreaterThan(200);
		assertThat(this.traffic.labelled.get()).isEqualTo(this.traffic.total());
	}

	/** A version's decisions, oldest first, as {@code OUTCOME CAUSE}. */
	private List<String> steps(String version) {
		List<String> steps = new ArrayList<>();
		for (JsonNode decision : this.pipeline.decisionsOf(version)) {
			steps.add(0, decision.path("outcome").asString() + " " + decision.path("cause").asString());
		}
		return steps;
	}

	private JsonNode awaitDecision(String version, String outcome, String cause) {
		AtomicReference<JsonNode> found = new AtomicReference<>();
		await().atMost(LIVE_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.pipeline.decisionsOf(version)
				.stream()
				.filter((decision) -> outcome.equals(decision.path("outcome").asString())
						&& cause.equals(decision.path("cause").asString()))
				.findFirst()
				.ifPresent(found::set);
			return found.get() != null;
		});
		return found.get();
	}

	/** Waits until serving names the challenger and its rollout ({@code null}: none). */
	private void awaitChallenger(String version, String rollout) {
		await().atMost(Pipeline.SWAP_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode challenger = this.pipeline.read(this.pipeline.serving.get("/model")).path("challenger");
			if (version == null) {
				assertThat(challenger.isMissingNode() || challenger.isNull()).as(challenger.toString()).isTrue();
			}
			else {
				assertThat(challenger.path("version").asString()).isEqualTo(version);
				assertThat(challenger.path("rollout").asString()).isEqualTo(rollout);
			}
		});
	}

	private static List<String> reasons(JsonNode decision) {
		List<String> reasons = new ArrayList<>();
		decision.path("reasons").forEach((reason) -> reasons.add(reason.asString()));
		return reasons;
	}

	private Optional<String> champion() {
		return alias("champion");
	}

	private Optional<String> alias(String alias) {
		return this.pipeline.registry.findVersionByAlias(this.pipeline.model, alias).map(ModelVersion::version);
	}

}
