package dev.mlpipeline.promoter.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.promoter.live.LiveKey;
import dev.mlpipeline.promoter.live.LiveStats;
import dev.mlpipeline.promoter.live.LiveStatsStreams;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a live decision takes once its evidence is complete: a canary is staged by
 * hand, answers 20 requests and gets 9 of the 10 labels its accuracy gate needs; once the
 * rollout is seen waiting, the last label is sent, and the benchmark times, from that
 * send, when the live stats store counts it (the topology's part, the baseline: the label
 * read, joined, windowed and committed) and when the {@code PROMOTED} decision is
 * recorded and published (that plus the wait for the next rollout check and the registry
 * writes). Several trials on one model, each version staged beside the one promoted
 * before it. Prints figures, asserts only that each decision was taken.
 * <p>
 * {@code mvn -B -pl kafka-config,mlflow,promoter -am test -Dtest=LiveDecisionLatencyBenchmark
 * -Dpromoter.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpipeline.mlflow-2.17.skip=true}
 */
@Tag("benchmark")
class LiveDecisionLatencyBenchmark extends PromoterIntegrationTest {

	private static final int TRIALS = 8;

	private static final int REQUESTS = 20;

	private static final int LABELS = 10;

	private static final PredictionLogged.Output SETOSA = new PredictionLogged.Output("Iris-setosa",
			Map.of("Iris-setosa", 1.0), null);

	@Autowired
	private LiveStatsStreams live;

	@Value("${promotion.rollout.check-interval}")
	private Duration checkInterval;

	private final Random phase = new Random(16);

	@Test
	void printsTheTimeFromTheLastNeededLabelToTheDecision() throws Exception {
		String model = LABELLED_ROLLOUT_MODEL;
		this.fixture.publish(this.fixture.register(model, 0.9), 0.9);
		eventually().until(() -> decision(model, "1", PromotionOutcome.PROMOTED), Optional::isPresent);
		List<Trial> trials = new ArrayList<>();
		try (Producer<String, Object> producer = KafkaBroker.producer()) {
			for (int trial = 0; trial < TRIALS; trial++) {
				trials.add(trial(producer, model, this.fixture.register(model, 0.5).version()));
			}
		}
		StringBuilder table = new StringBuilder();
		for (int i = 0; i < trials.size(); i++) {
			Trial trial = trials.get(i);
			table.append(String.format(Locale.ROOT, "| %d | %d | %d | %d |%n", i + 1, trial.counted().toMillis(),
					trial.decided().toMillis(), trial.published().toMillis()));
		}
		System.out.printf(Locale.ROOT,
				"%n## From the last needed label to the live decision (%s broker, rollout check every %s)%n%n"
						+ "A %d %% canary, %d answers, %d labels needed by its accuracy gate; times from the send of "
						+ "the last label, in ms:%n%n"
						+ "| trial | counted in the live stats (baseline) | decision recorded | PromotionDecided received |%n"
						+ "|---|---|---|---|%n%s" + "| median | %d | %d | %d |%n| max | %d | %d | %d |%n%n",
				KafkaBroker.kind(), this.checkInterval, 50, REQUESTS, LABELS, table, median(trials, Trial::counted),
				median(trials, Trial::decided), median(trials, Trial::published), max(trials, Trial::counted),
				max(trials, Trial::decided), max(trials, Trial::published));
	}

	private Trial trial(Producer<String, Object> producer, String model, String version) throws Exception {
		this.web.post()
			.uri("/models/{name}/versions/{version}/rollout", model, version)
			.bodyValue(Map.of("mode", "canary", "percent", 50))
			.exchange()
			.expectStatus()
			.isOk();
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < REQUESTS; i++) {
			PredictionLogged answer = new PredictionLogged(UUID.randomUUID().toString(), model, version,
					PredictionLogged.CHALLENGER, run + "-" + i, run + "-" + i, List.of(Map.of("sepallength", 5.1)),
					List.of(SETOSA), 3.0, null, null, Instant.now());
			producer.send(new ProducerRecord<>(Topics.PREDICTIONS, model, answer));
		}
		for (int i = 0; i < LABELS - 1; i++) {
			producer.send(label(model, run + "-" + i));
		}
		producer.flush();
		LiveKey key = new LiveKey(model, version, LiveKey.CHALLENGER);
		Instant since = Instant.now().minus(Duration.ofMinutes(5));
		eventually().until(() -> labelled(key, since), (count) -> count == LABELS - 1);
		// two checks go by with the evidence one label short: the rollout waits; then a
		// pause of a random share of the interval, so that the last label falls anywhere
		// between two checks, not always as far after the check that took the previous
		// decision
		Awaitility.await()
			.during(this.checkInterval.multipliedBy(2).plusMillis(200))
			.atMost(this.checkInterval.multipliedBy(4))
			.pollInSameThread()
			.until(() -> decision(model, version, PromotionOutcome.PROMOTED).isEmpty());
		Duration pause = Duration.ofMillis(this.phase.nextLong(this.checkInterval.toMillis()));
		Awaitility.await().pollDelay(pause).atMost(pause.plusSeconds(1)).until(() -> true);

		long sent = System.nanoTime();
		Instant sentAt = Instant.now();
		producer.send(label(model, run + "-" + (LABELS - 1))).get();
		Awaitility.await()
			.atMost(KafkaBroker.recordTimeout())
			.pollInterval(Duration.ofMillis(1))
			.pollInSameThread()
			.until(() -> labelled(key, since) >= LABELS);
		long counted = System.nanoTime();
		Optional<PromotionDecided> decided = Awaitility.await()
			.atMost(KafkaBroker.recordTimeout())
			.pollInterval(Duration.ofMillis(1))
			.pollInSameThread()
			.until(() -> decision(model, version, PromotionOutcome.PROMOTED), Optional::isPresent);
		long published = System.nanoTime();
		assertThat(decided.get().cause()).isEqualTo(PromotionCause.LIVE);
		return new Trial(Duration.ofNanos(counted - sent), Duration.between(sentAt, decided.get().decidedAt()),
				Duration.ofNanos(published - sent));
	}

	private long labelled(LiveKey key, Instant since) {
		return this.live.query()
			.map((query) -> query.sum(key, since, Instant.now()))
			.orElse(LiveStats.empty())
			.labelled();
	}

	private static ProducerRecord<String, Object> label(String model, String requestId) {
		return new ProducerRecord<>(Topics.FEEDBACK, model, new FeedbackReceived(UUID.randomUUID().toString(), model,
				requestId, List.of(new FeedbackReceived.Row(0, "Iris-setosa", null)), Instant.now(), OPERATOR));
	}

	private static Optional<PromotionDecided> decision(String model, String version, PromotionOutcome outcome) {
		return events.events(PromotionDecided.class, model)
			.stream()
			.filter((event) -> event.version().equals(version) && event.outcome() == outcome)
			.findFirst();
	}

	private static long median(List<Trial> trials, java.util.function.Function<Trial, Duration> part) {
		List<Long> millis = trials.stream().map(part).map(Duration::toMillis).sorted().toList();
		return millis.get(millis.size() / 2);
	}

	private static long max(List<Trial> trials, java.util.function.Function<Trial, Duration> part) {
		return trials.stream().map(part).mapToLong(Duration::toMillis).max().orElseThrow();
	}

	/**
	 * One trial's times from the send of the last label.
	 *
	 * @param counted until the live stats store counted it
	 * @param decided until the decision's {@code decidedAt}
	 * @param published until its {@code PromotionDecided} was received
	 */
	private record Trial(Duration counted, Duration decided, Duration published) {
	}

}
