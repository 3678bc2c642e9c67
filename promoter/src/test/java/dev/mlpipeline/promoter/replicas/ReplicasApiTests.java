package dev.mlpipeline.promoter.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.event.ServingStatus;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicasApiTests extends PromoterIntegrationTest {

	@Test
	void listsEachReplicaServingTheModelWithWhatItServesAndWhetherItStillReports() throws Exception {
		String model = RegistryFixture.uniqueModel("replicas");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		eventually().until(() -> events.events(PromotionDecided.class, model)
			.stream()
			.anyMatch(
					(event) -> event.outcome() == PromotionOutcome.PROMOTED && event.cause() == PromotionCause.POLICY));
		Instant now = Instant.now();
		String live = "a-" + model;
		String behind = "b-" + model;
		String silent = "c-" + model;
		String gone = "d-" + model;
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			send(producer, status(live, now, state(model, "1", "canary:20")));
			send(producer, status(behind, now, state(model, "0", null)));
			// an older report of the same replica arriving late changes nothing
			send(producer, status(live, now.minusSeconds(2), state(model, "0", null)));
			send(producer, status(silent, now.minusSeconds(30), state(model, "1", null)));
			send(producer, status(gone, now.minusSeconds(3600), state(model, "1", null)));
			send(producer, status("other-" + model, now, state("other-" + model, "1", null)));
		}

		eventually().untilAsserted(() -> this.as("reader", "reader-pass")
			.get()
			.uri("/models/{name}/replicas", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.champion")
			.isEqualTo("1")
			.jsonPath("$.replicas.length()")
			.isEqualTo(3)
			.jsonPath("$.replicas[0].instanceId")
			.isEqualTo(live)
			.jsonPath("$.replicas[0].live")
			.isEqualTo(true)
			.jsonPath("$.replicas[0].version")
			.isEqualTo("1")
			.jsonPath("$.replicas[0].challengerVersion")
			.isEqualTo("2")
			.jsonPath("$.replicas[0].challengerRollout")
			.isEqualTo("canary:20")
			.jsonPath("$.replicas[1].instanceId")
			.isEqualTo(behind)
			.jsonPath("$.replicas[1].version")
			.isEqualTo("0")
			.jsonPath("$.replicas[2].instanceId")
			.isEqualTo(silent)
			.jsonPath("$.replicas[2].live")
			.isEqualTo(false)
			.jsonPath("$.live")
			.isEqualTo(2)
			.jsonPath("$.onChampion")
			.isEqualTo(1)
			.jsonPath("$.converged")
			.isEqualTo(false));

		this.anonymous.get().uri("/models/{name}/replicas", model).exchange().expectStatus().isUnauthorized();
		this.web.get().uri("/models/nobody-{name}/replicas", model).exchange().expectStatus().isNotFound();
	}

	@Test
	void aPromotionIsRecordedAsServedOnceEveryLiveReplicaReportsItsVersion() throws Exception {
		String model = RegistryFixture.uniqueModel("served");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		eventually().until(() -> events.events(ModelPromoted.class, model).size() == 1);
		Instant loaded = Instant.now();
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			send(producer, status("x-" + model, Instant.now(), state(model, "1", null, loaded.minusMillis(100))));
			send(producer, status("y-" + model, Instant.now(), state(model, null, null, null)));
		}
		// one live replica has no version yet: not served everywhere, for as long as that
		// lasts
		assertStaysUnserved(model);

		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			// both still report (a replica silent for three intervals would no longer
			// count)
			send(producer, status("x-" + model, Instant.now(), state(model, "1", null, loaded.minusMillis(100))));
			send(producer, status("y-" + model, Instant.now(), state(model, "1", null, loaded)));
		}
		eventually().untilAsserted(() -> this.web.get()
			.uri("/models/{name}/decisions", model)
			.exchange()
			.expectBody()
			.jsonPath("$[0].served.replicas")
			.isEqualTo(2)
			.jsonPath("$[0].served.at")
			.isEqualTo(loaded.toString()));
		assertThat(this.fixture.version(model, "1").tags()).containsKey(
				DecisionLog.SERVED_PREFIX + this.fixture.version(model, "1").tags().get("promotion.decision_id"));
	}

	@Test
	void aReportMadeBeforeAProductionChangeDoesNotCountAsServingIt() throws Exception {
		String model = RegistryFixture.uniqueModel("stale");
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		eventually().until(() -> events.events(ModelPromoted.class, model).size() == 1);
		Instant promotedAt = events.events(ModelPromoted.class, model).get(0).promotedAt();
		Instant loaded = promotedAt.minusSeconds(30);
		// as after a rollback to the version a replica held before: its last report,
		// made just before the change, names that version
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			send(producer, status("x-" + model, promotedAt.minusSeconds(1), state(model, "1", null, loaded)));
		}
		assertStaysUnserved(model);

		Instant reloaded = Instant.now();
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			send(producer, status("x-" + model, Instant.now(), state(model, "1", null, reloaded)));
		}
		eventually().untilAsserted(() -> this.web.get()
			.uri("/models/{name}/decisions", model)
			.exchange()
			.expectBody()
			.jsonPath("$[0].served.replicas")
			.isEqualTo(1)
			.jsonPath("$[0].served.at")
			.isEqualTo(reloaded.toString()));
	}

	private static void send(Producer<String, Object> producer, ServingStatus status) throws Exception {
		producer.send(new ProducerRecord<>(Topics.SERVING_STATUS, status.instanceId(), status)).get();
	}

	private static ServingStatus status(String instance, Instant reportedAt, ServingStatus.ModelState state) {
		// reports every 5 s: live while its last report is at most 15 s old
		return new ServingStatus(instance, "host-" + instance, reportedAt.minusSeconds(60), reportedAt, 5000,
				List.of(state));
	}

	private static ServingStatus.ModelState state(String model, String version, String rollout) {
		return state(model, version, rollout, Instant.now());
	}

	private static ServingStatus.ModelState state(String model, String version, String rollout, Instant loadedAt) {
		return new ServingStatus.ModelState(model, version, (version != null) ? "ab".repeat(32) : null, loadedAt, null,
				(rollout != null) ? "2" : null, rollout, null);
	}

	/**
	 * The model's newest decision, a promotion, stays without {@code served} for two
	 * seconds of reads.
	 */
	private void assertStaysUnserved(String model) {
		Awaitility.await()
			.during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(10))
			.pollInSameThread()
			.untilAsserted(() -> this.web.get()
				.uri("/models/{name}/decisions", model)
				.exchange()
				.expectBody()
				.jsonPath("$[0].outcome")
				.isEqualTo("PROMOTED")
				.jsonPath("$[0].served")
				.isEmpty());
	}

}
