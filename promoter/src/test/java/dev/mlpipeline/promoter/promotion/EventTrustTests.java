package dev.mlpipeline.promoter.promotion;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.promoter.audit.DecisionLog;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class EventTrustTests extends PromoterIntegrationTest {

	@Autowired
	private DecisionLog decisionLog;

	@Autowired
	private KafkaTemplate<String, Object> kafka;

	@Test
	void forgedMetricsOfAVersionWhoseRunHasNoneAreRefusedAndNothingIsDecided() {
		String model = RegistryFixture.uniqueModel("forged");
		ModelVersion v1 = this.fixture.register(model, Map.of(), RegistryFixture.irisSchema(), true);
		ModelRegistered forged = this.fixture.publish(RegistryFixture.registered(v1, Map.of("accuracy", 0.999)));

		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(forged.eventId());
		assertThat(dead.key()).isEqualTo(model);
		assertThat(header(dead, "kafka_dlt-exception-message")).contains("metric.accuracy")
			.contains("event 0.999, registry absent");
		assertThat(header(dead, RejectedEventException.DETAIL_HEADER_PREFIX + "metric.accuracy"))
			.isEqualTo("event 0.999, registry absent");
		ModelVersion stored = this.fixture.version(model, "1");
		assertThat(stored.tags()).doesNotContainKey(ModelTags.DECISION).doesNotContainKey(ModelTags.DECISION_ID);
		assertThat(this.fixture.alias(model, "champion")).isEmpty();
		assertThat(this.decisionLog.history(model)).isEmpty();
		assertThat(events.events(PromotionDecided.class, model)).isEmpty();
	}

	@Test
	void aDigestTheRegistryContradictsIsRefusedEvenWhenTheMetricsMatch() {
		String model = RegistryFixture.uniqueModel("forged-sha");
		ModelVersion v1 = this.fixture.register(model, 0.95);
		ModelRegistered honest = RegistryFixture.registered(v1, Map.of("accuracy", 0.95));
		ModelRegistered forged = this.fixture.publish(new ModelRegistered(honest.eventId(), honest.jobId(), model, "1",
				v1.runId(), honest.algorithm(), honest.metrics(), v1.source(), "0".repeat(64), honest.registeredAt()));

		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(forged.eventId());
		assertThat(header(dead, "kafka_dlt-exception-message")).contains("sha256");
		assertThat(this.decisionLog.history(model)).isEmpty();
		assertThat(this.fixture.alias(model, "champion")).isEmpty();
	}

	@Test
	void aRecordNotKeyedByItsModelIsDeadLetteredAndTheConsumerMovesOn() throws Exception {
		String model = RegistryFixture.uniqueModel("key");
		ModelVersion v1 = this.fixture.register(model, 0.9);
		ModelRegistered misKeyed = RegistryFixture.registered(v1, Map.of("accuracy", 0.9));
		this.kafka.send(Topics.MODEL_REGISTERED, "not-" + model, misKeyed).get(30, TimeUnit.SECONDS);

		ConsumerRecord<String, byte[]> dead = awaitDeadLetter(misKeyed.eventId());
		assertThat(dead.key()).isEqualTo("not-" + model);
		ModelRegistered proper = this.fixture.publish(v1, 0.9);
		eventually().until(() -> events.events(ModelPromoted.class, model), (promoted) -> !promoted.isEmpty());
		assertThat(events.events(PromotionDecided.class, model)).extracting(PromotionDecided::eventId)
			.containsOnly(DecisionRecord.idFor(proper.eventId()));
		assertThat(this.decisionLog.history(model)).extracting(DecisionRecord::decisionId)
			.containsExactly(DecisionRecord.idFor(proper.eventId()));
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(String eventId) {
		try (Consumer<String, byte[]> dlt = KafkaBroker.rawConsumer(KafkaBroker.uniqueGroup("promoter-trust"))) {
			dlt.subscribe(List.of(Topics.MODEL_REGISTERED + ".DLT"));
			List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
			return eventually().until(() -> {
				dlt.poll(Duration.ofMillis(200)).forEach(seen::add);
				return seen.stream()
					.filter((record) -> record.value() != null
							&& new String(record.value(), StandardCharsets.UTF_8).contains(eventId))
					.findFirst();
			}, Optional::isPresent).get();
		}
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
