package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mlpipeline.mlflow.ModelVersion;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas of every app on one broker, as processes: 2 trainers, 2 promoters and 3
 * serving replicas. Jobs spread over both trainers are each trained once; concurrent
 * promotions and rollbacks sent to either promoter are applied by the model's owner in
 * one order, and every serving replica ends on the champion; a promoter killed while
 * commands flow loses none of them, and applies none twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutEndToEndTests {

	private static final Duration SLOW = Duration.ofSeconds(180);

	private Pipeline pipeline;

	private final List<String> versions = new ArrayList<>();

	@BeforeAll
	void startThePipeline() throws Exception {
		// every serving replica reports every second, so a swap shows at once
		this.pipeline = Pipeline.start(Path.of("target", "e2e-scale-logs").toAbsolutePath(),
				Map.of("SERVING_STATUS_INTERVAL", "1s", "PROMOTION_ROLLOUT_CHECK_INTERVAL", "2s"), 2, 2, 3);
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		if (this.pipeline != null) {
			this.pipeline.close();
		}
	}

	@Test
	@Order(1)
	void twentyJobsSpreadAcrossBothTrainersAreEachTrainedOnce() throws Exception {
		// jobs are keyed by model, so one model's jobs stay in order on one trainer: the
		// jobs go to models whose keys fall on every partition, which both trainers share
		List<String> models = modelsOnEveryPartition();
		List<String> jobs = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			AppProcess trainer = this.pipeline.trainers.get(i % 2);
			String body = """
					{"modelName": "%s", "dataset": {"uri": "builtin:iris", "classAttribute": "class"},
					 "algorithm": "J48", "options": "-C 0.%02d -M 2", "evaluation": {"folds": 5, "seed": 1}}"""
				.formatted(models.get(i % models.size()), 10 + i);
			HttpResponse<String> accepted = trainer.post("/jobs", body);
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
			jobs.add(this.pipeline.read(accepted).path("jobId").asString());
		}
		for (String job : jobs) {
			await().atMost(SLOW).pollInterval(Duration.ofMillis(500)).until(() -> {
				JsonNode status = this.pipeline.read(this.pipeline.trainer.get("/jobs/" + job));
				return "REGISTERED".equals(status.path("status").asString());
			});
		}
		int registered = 0;
		for (String model : models) {
			registered += this.pipeline.registry.searchModelVersions(model).size();
		}
		assertThat(registered).as("one version per job, none twice").isEqualTo(20);
		this.pipeline.registry.searchModelVersions(this.pipeline.model)
			.forEach((version) -> this.versions.add(version.version()));
		assertThat(this.versions).hasSize(5);
		// each job was taken by exactly one of the trainers, and both took some
		String first = this.pipeline.trainers.get(0).log();
		String second = this.pipeline.trainers.get(1).log();
		int byFirst = 0;
		for (String job : jobs) {
			String received = "job " + job + ": received";
			assertThat(first.contains(received) ^ second.contains(received)).as("job %s trained by one trainer", job)
				.isTrue();
			byFirst += first.contains(received) ? 1 : 0;
		}
		assertThat(byFirst).as("jobs the first trainer trained").isBetween(1, 19);
	}

	/** The pipeline's model first, then models whose keys take the other partitions. */
	private List<String> modelsOnEveryPartition() {
		int partitions = 3;
		List<String> models = new ArrayList<>(List.of(this.pipeline.model));
		Set<Integer> taken = new java.util.HashSet<>(Set.of(partition(this.pipeline.model, partitions)));
		for (int i = 0; taken.size() < partitions; i++) {
			String candidate = this.pipeline.model + "-" + i;
			if (taken.add(partition(candidate, partitions))) {
				models.add(candidate);
			}
		}
		models.add(this.pipeline.model + "-extra");
		return models;
	}

	private static int partition(String key, int partitions) {
		return org.apache.kafka.common.utils.Utils.toPositive(
				org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				% partitions;
	}

	@Test
	@Order(2)
	void fiftyConcurrentPromotionsAndRollbacksOnBothPromotersLeaveOneOrderAndEveryReplicaOnTheChampion()
			throws Exception {
		awaitFirstChampion();
		int before = operatorDecisions().size();
		Random random = new Random(50);
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			AppProcess promoter = this.pipeline.promoters.get(random.nextInt(2));
			boolean rollback = random.nextInt(4) == 0;
			String version = this.versions.get(random.nextInt(this.versions.size()));
			calls.add(() -> (rollback ? promoter.post("/models/" + this.pipeline.model + "/rollback", "{}")
					: promoter.post("/models/" + this.pipeline.model + "/versions/" + version + "/promote", "{}"))
				.statusCode());
		}
		ExecutorService pool = Executors.newFixedThreadPool(10);
		List<Integer> statuses = new ArrayList<>();
		try {
			for (Future<Integer> status : pool.invokeAll(calls)) {
				statuses.add(status.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(statuses).allMatch((status) -> status == 200 || status == 409);
		long accepted = statuses.stream().filter((status) -> status == 200).count();
		List<JsonNode> decisions = operatorDecisions();
		assertThat(decisions).as("one decision per accepted request").hasSize((int) (before + accepted));
		String champion = assertOneOrder(decisions);
		assertThat(alias("champion")).isEqualTo(champion);
		List<String> inProduction = this.pipeline.registry.searchModelVersions(this.pipeline.model)
			.stream()
			.filter((version) -> "Production".equals(version.currentStage()))
			.map(ModelVersion::version)
			.toList();
		assertThat(inProduction).containsExactly(champion);
		assertThat(alias("previous-champion")).isNotEqualTo(champion);

		// every replica serves the champion, and the last production change says how soon
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.pipeline.servings.stream().allMatch((serving) -> champion.equals(servedBy(serving))));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode last = operatorDecisions().get(decisions.size() - 1);
			assertThat(last.path("served").path("replicas").asInt()).isEqualTo(3);
			assertThat(last.path("served").path("millis").asLong()).as("all 3 replicas on it within 2 s")
				.isLessThanOrEqualTo(2000);
		});
		HttpResponse<String> replicas = this.pipeline.promoters.get(1)
			.get("/models/" + this.pipeline.model + "/replicas");
		JsonNode listed = this.pipeline.read(replicas);
		assertThat(listed.path("live").asInt()).isEqualTo(3);
		assertThat(listed.path("converged").asBoolean()).isTrue();
	}

	@Test
	@Order(3)
	void aPromoterKilledWhileCommandsFlowLosesNoneAndAppliesNoneTwice() throws Exception {
		int before = operatorDecisions().size();
		String champion = alias("champion");
		List<String> others = this.versions.stream().filter((version) -> !version.equals(champion)).toList();
		int owner = owner();
		AppProcess survivor = this.pipeline.promoters.get(1 - owner);
		List<Integer> statuses = new ArrayList<>();
		int commands = 12;
		for (int i = 0; i < commands; i++) {
			if (i == 4) {
				// the model's owner dies without leaving the group: its partitions stay
				// with it until the group notices, then move to the survivor
				this.pipeline.promoters.get(owner).kill();
				// the decisions are read from the survivor from now on
				this.pipeline.promoter = survivor;
			}
			// alternate between two versions that are not the champion, so every command
			// in order is a real change
			String version = others.get(i % 2);
			statuses.add(
					survivor
						.post("/models/" + this.pipeline.model + "/versions/" + version + "/promote",
								"{\"reason\": \"e2e: promote " + i + "\"}")
						.statusCode());
		}
		assertThat(statuses).as("answered by the owner, or accepted while the group moved the model")
			.allMatch((status) -> status == 200 || status == 202);
		await().atMost(SLOW)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(operatorDecisions()).hasSize(before + commands));
		List<JsonNode> decisions = operatorDecisions();
		assertOneOrder(decisions);
		Set<String> notes = decisions.subList(before, decisions.size())
			.stream()
			.map((decision) -> decision.path("reasons").toString())
			.collect(Collectors.toSet());
		for (int i = 0; i < commands; i++) {
			String note = "e2e: promote " + i + "\"";
			assertThat(notes).as("command %d decided once", i)
				.filteredOn((reasons) -> reasons.contains(note))
				.hasSize(1);
		}
	}

	/** Waits until the policy has decided about every registered version. */
	private void awaitFirstChampion() {
		await().atMost(SLOW).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Set<String> decided = new java.util.HashSet<>();
			this.pipeline.decisions().forEach((decision) -> decided.add(decision.path("version").asString()));
			return decided.containsAll(this.versions);
		});
		assertThat(alias("champion")).isNotNull();
	}

	/**
	 * The promoter replica that owns the model now: the one that logged the latest
	 * command of the model it applied.
	 */
	private int owner() throws Exception {
		String applied = " of model " + this.pipeline.model + " by ";
		String first = latest(this.pipeline.promoters.get(0).log(), applied);
		String second = latest(this.pipeline.promoters.get(1).log(), applied);
		assertThat(first.isEmpty() && second.isEmpty()).as("a promoter applied the model's commands").isFalse();
		return (first.compareTo(second) > 0) ? 0 : 1;
	}

	/** The time stamp of the last log line that says what. */
	private static String latest(String log, String what) {
		String last = "";
		for (String line : log.split("\n")) {
			if (line.contains(what)) {
				last = line.substring(0, line.indexOf(' '));
			}
		}
		return last;
	}

	/** The operator's decisions about the model, oldest first. */
	private List<JsonNode> operatorDecisions() {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode decision : this.pipeline.decisions()) {
			String cause = decision.path("cause").asString();
			if (cause.equals("MANUAL") || cause.equals("ROLLBACK")) {
				found.add(decision);
			}
		}
		found.sort((a, b) -> Instant.parse(a.path("decidedAt").asString())
			.compareTo(Instant.parse(b.path("decidedAt").asString())));
		return found;
	}

	/**
	 * Each production change was taken against the production the one before it left.
	 * @return the production version the last one left
	 */
	private String assertOneOrder(List<JsonNode> decisions) {
		String production = null;
		for (JsonNode decision : decisions) {
			if (production != null) {
				assertThat(decision.path("championVersion").asString())
					.as("decision %s", decision.path("decisionId").asString())
					.isEqualTo(production);
			}
			production = decision.path("version").asString();
		}
		return production;
	}

	private String alias(String alias) {
		return this.pipeline.registry.findVersionByAlias(this.pipeline.model, alias)
			.map(ModelVersion::version)
			.orElse(null);
	}

	private String servedBy(AppProcess serving) {
		return this.pipeline.read(serving.get("/health")).path("model").path("version").asString();
	}

}
