package dev.mlpipeline.promoter.live;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.kafka.serde.EventJson;
import dev.mlpipeline.kafka.signing.EventSignature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveStatsTopologyTests {

	private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

	private static final LiveKey CHAMPION = new LiveKey("iris", "1", LiveKey.CHAMPION);

	private static final LiveKey CANARY = new LiveKey("iris", "2", LiveKey.CHALLENGER);

	private static final LiveKey SHADOW = new LiveKey("iris", "3", LiveKey.SHADOW);

	private static final JsonMapper JSON = EventJson.mapper();

	private final LiveStatsTopology.Settings settings = LiveStatsTopology.Settings.defaults();

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, String> predictions;

	private TestInputTopic<String, String> feedback;

	private LiveStatsQuery query;

	@BeforeEach
	void startTheTopology() {
		startTheTopology(null);
	}

	private void startTheTopology(EventSignature signature) {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-stats-tests");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		// no record cache: a store read answers what the store keeps, not what the cache
		// does
		config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
		this.driver = new TopologyTestDriver(new LiveStatsTopology(this.settings, signature).build(), config);
		this.predictions = this.driver.createInputTopic(Topics.PREDICTIONS, new StringSerializer(),
				new StringSerializer());
		this.feedback = this.driver.createInputTopic(Topics.FEEDBACK, new StringSerializer(), new StringSerializer());
		this.query = new LiveStatsQuery(this.driver.getWindowStore(LiveStatsTopology.STATS_STORE),
				this.settings.windowSize());
	}

	@AfterEach
	void closeTheTopology() {
		this.driver.close();
	}

	@Test
	void aCanarysAnswersAndErrorsCountPerVersionAndRoleAndItsP99IsReadFromTheSketch() {
		for (int i = 1; i <= 100; i++) {
			predict(prediction("c-" + i, "1", PredictionLogged.CHAMPION, i, null, null, "a"), T0.plusMillis(i));
		}
		for (int i = 1; i <= 10; i++) {
			predict(prediction("k-" + i, "2", PredictionLogged.CHALLENGER, 10 * i, (i <= 2) ? "invalid_request" : null,
					null, "a"), T0.plusMillis(200 + i));
		}
		LiveStats champion = this.query.sum(CHAMPION, T0, T0.plusSeconds(59));
		assertThat(champion.requests()).isEqualTo(100);
		assertThat(champion.errors()).isZero();
		assertThat(champion.latency().quantile(0.99)).isCloseTo(99, within(99 * LatencySketch.RELATIVE_ERROR));
		LiveStats canary = this.query.sum(CANARY, T0, T0.plusSeconds(59));
		assertThat(canary.requests()).isEqualTo(10);
		assertThat(canary.errors()).isEqualTo(2);
		// DDSketch's rank of the p99 of ten answers is floor(0.99 * 9): the ninth, 90 ms
		assertThat(canary.latency().quantile(0.99)).isCloseTo(90, within(90 * LatencySketch.RELATIVE_ERROR));
		assertThat(this.query.ofModel("iris", T0, T0.plusSeconds(59))).containsOnlyKeys(CHAMPION, CANARY)
			.containsEntry(CANARY, canary);
		assertThat(this.query.ofModel("wine", T0, T0.plusSeconds(59))).isEmpty();
	}

	@Test
	void aShadowsAgreementWithTheChampionCountsForTheShadowRowByRow() {
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null,
				new PredictionLogged.Shadow("3", List.of(output("a"), output("c"), output("c"))), "a", "b", "c"),
				T0.plusSeconds(1));
		LiveStats shadow = this.query.sum(SHADOW, T0, T0.plusSeconds(59));
		assertThat(shadow.requests()).isEqualTo(1);
		assertThat(shadow.compared()).isEqualTo(3);
		assertThat(shadow.agreed()).isEqualTo(2);
		assertThat(shadow.latency().count()).isZero();
		assertThat(this.query.sum(CHAMPION, T0, T0.plusSeconds(59)).requests()).isEqualTo(1);
	}

	@Test
	void feedbackJoinedWithItsPredictionCountsTheLabelledAndCorrectRows() {
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a", "b"), T0.plusSeconds(1));
		feedback(feedback("r-1", row(0, "a"), row(1, "a")), T0.plusSeconds(10));
		LiveStats champion = this.query.sum(CHAMPION, T0, T0.plusSeconds(59));
		assertThat(champion.labelled()).isEqualTo(2);
		assertThat(champion.correct()).isEqualTo(1);
	}

	@Test
	void feedbackThatArrivesBeforeItsPredictionStillJoins() {
		feedback(feedback("r-1", row(0, "a"), row(1, "a")), T0.plusSeconds(1));
		assertThat(this.query.sum(CHAMPION, T0, T0.plusSeconds(59)).labelled()).isZero();
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a", "a"), T0.plusSeconds(20));
		LiveStats champion = this.query.sum(CHAMPION, T0, T0.plusSeconds(59));
		assertThat(champion.requests()).isEqualTo(1);
		assertThat(champion.labelled()).isEqualTo(2);
		assertThat(champion.correct()).isEqualTo(2);
	}

	@Test
	void feedbackSentTwiceCountsOnceButANewRowStillCounts() {
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a", "b"), T0.plusSeconds(1));
		feedback(feedback("r-1", row(0, "a")), T0.plusSeconds(10));
		feedback(feedback("r-1", row(0, "a")), T0.plusSeconds(11));
		feedback(feedback("r-1", row(0, "a"), row(1, "b")), T0.plusSeconds(12));
		LiveStats champion = this.query.sum(CHAMPION, T0, T0.plusSeconds(59));
		assertThat(champion.labelled()).isEqualTo(2);
		assertThat(champion.correct()).isEqualTo(2);
	}

	@Test
	void feedbackLaterThanTheJoinRetentionAddsNothingAndIsCountedWhenItsWaitEnds() {
		Instant late = T0.plus(this.settings.joinRetention()).plusSeconds(30);
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), T0.plusSeconds(1));
		predict(prediction("r-2", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), late.minusSeconds(5));
		feedback(feedback("r-1", row(0, "a")), late);
		feedback(feedback("r-2", row(0, "a")), late);
		assertThat(this.query.sum(CHAMPION, T0, late).labelled()).as("only the feedback in time").isEqualTo(1);
		// the late feedback's prediction is gone: it waits in case its prediction comes
		predict(logged("wine", "w-1", "7", PredictionLogged.CHAMPION, 3, null, null, "a"),
				late.plus(this.settings.joinRetention()).plusSeconds(30));
		assertThat(total(LiveStatsTopology.EXPIRED_FEEDBACK)).isEqualTo(1);
		assertThat(this.query.sum(CHAMPION, T0, late.plus(this.settings.joinRetention())).labelled()).isEqualTo(1);
	}

	@Test
	void feedbackWaitingLongerThanTheJoinRetentionForItsPredictionAddsNothingAndIsCounted() {
		Instant late = T0.plus(this.settings.joinRetention()).plusSeconds(30);
		feedback(feedback("r-1", row(0, "a")), T0.plusSeconds(1));
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), late);
		LiveStats champion = this.query.sum(CHAMPION, T0, late);
		assertThat(champion.requests()).isEqualTo(1);
		assertThat(champion.labelled()).isZero();
		assertThat(total(LiveStatsTopology.EXPIRED_FEEDBACK)).isEqualTo(1);
	}

	@Test
	void windowsOverlappingASpanAreSummedByTheQueryLongAfterTheyClosed() {
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), T0.plusSeconds(10));
		predict(prediction("r-2", "1", PredictionLogged.CHAMPION, 3, "internal", null, "a"), T0.plusSeconds(70));
		predict(prediction("r-3", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), T0.plusSeconds(200));
		// stream time moves on, far past the windows' grace
		predict(logged("wine", "w-1", "7", PredictionLogged.CHAMPION, 3, null, null, "a"),
				T0.plus(Duration.ofMinutes(30)));
		WindowStore<LiveKey, LiveStats> store = this.driver.getWindowStore(LiveStatsTopology.STATS_STORE);
		try (WindowStoreIterator<LiveStats> windows = store.fetch(CHAMPION, T0, T0.plusSeconds(90))) {
			assertThat(windows).toIterable()
				.extracting((window) -> window.key)
				.containsExactly(T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli());
		}
		LiveStats span = this.query.sum(CHAMPION, T0.plusSeconds(30), T0.plusSeconds(90));
		assertThat(span.requests()).isEqualTo(2);
		assertThat(span.errors()).isEqualTo(1);
		assertThat(this.query.sum(CHAMPION, T0, T0.plus(Duration.ofMinutes(10))).requests()).isEqualTo(3);
		assertThat(this.query.ofModel("wine", T0, T0.plus(Duration.ofMinutes(30))))
			.containsOnlyKeys(new LiveKey("wine", "7", LiveKey.CHAMPION));
	}

	@Test
	void malformedRecordsGoToTheDeadLetterTopicsAsTheyArrivedAndTheNextOnesStillCount() {
		TestOutputTopic<String, String> refusedPredictions = this.driver.createOutputTopic(
				Topics.PREDICTIONS + TopicSpec.DEAD_LETTER_SUFFIX, new StringDeserializer(), new StringDeserializer());
		TestOutputTopic<String, String> refusedFeedback = this.driver.createOutputTopic(
				Topics.FEEDBACK + TopicSpec.DEAD_LETTER_SUFFIX, new StringDeserializer(), new StringDeserializer());
		this.predictions.pipeInput("iris", "{\"modelName\": \"iris\", not json", T0.plusSeconds(1));
		this.predictions.pipeInput("iris", null, T0.plusSeconds(2));
		this.feedback.pipeInput("iris", "[1, 2, 3]", T0.plusSeconds(3));
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), T0.plusSeconds(4));
		feedback(feedback("r-1", row(0, "a")), T0.plusSeconds(5));
		LiveStats champion = this.query.sum(CHAMPION, T0, T0.plusSeconds(59));
		assertThat(champion.requests()).isEqualTo(1);
		assertThat(champion.labelled()).isEqualTo(1);
		assertThat(total(LiveStatsTopology.REFUSED_PREDICTIONS)).isEqualTo(2);
		assertThat(total(LiveStatsTopology.REFUSED_FEEDBACK)).isEqualTo(1);
		List<TestRecord<String, String>> dead = refusedPredictions.readRecordsToList();
		assertThat(dead).extracting(TestRecord::value).containsExactly("{\"modelName\": \"iris\", not json", null);
		assertThat(header(dead.get(0), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.startsWith("Record on 'predictions' is not a PredictionLogged: ");
		assertThat(header(dead.get(0), KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.PREDICTIONS);
		assertThat(refusedFeedback.readValuesToList()).containsExactly("[1, 2, 3]");
	}

	@Test
	void withSigningOnAnUnsignedOrForgedRecordIsDeadLetteredAndASignedOneCounts() {
		this.driver.close();
		EventSignature signature = new EventSignature("0123456789abcdef0123456789abcdef-live", null,
				Duration.ofMinutes(5));
		startTheTopology(signature);
		TestOutputTopic<String, String> refused = this.driver.createOutputTopic(
				Topics.PREDICTIONS + TopicSpec.DEAD_LETTER_SUFFIX, new StringDeserializer(), new StringDeserializer());
		String unsigned = JSON
			.writeValueAsString(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"));
		this.predictions.pipeInput(new TestRecord<>("iris", unsigned, T0.plusSeconds(1)));
		String signed = JSON.writeValueAsString(prediction("r-2", "1", PredictionLogged.CHAMPION, 3, null, null, "a"));
		this.predictions.pipeInput(signed(signature, signed, T0.plusSeconds(2)));
		// signed, then altered: the signature no longer matches
		TestRecord<String, String> forged = signed(signature, signed, T0.plusSeconds(3));
		this.predictions.pipeInput(new TestRecord<>(forged.key(), signed.replace("\"r-2\"", "\"r-3\""),
				forged.headers(), forged.timestamp()));
		assertThat(this.query.sum(CHAMPION, T0, T0.plusSeconds(59)).requests()).isEqualTo(1);
		List<TestRecord<String, String>> dead = refused.readRecordsToList();
		assertThat(dead).hasSize(2);
		assertThat(header(dead.get(0), RejectedEventException.DETAIL_HEADER_PREFIX + "signature"))
			.isEqualTo("missing-signature");
		assertThat(header(dead.get(1), RejectedEventException.DETAIL_HEADER_PREFIX + "signature")).isEqualTo("forged");
		assertThat(dead.get(1).value()).as("as it arrived").contains("\"r-3\"");
	}

	private static TestRecord<String, String> signed(EventSignature signature, String value, Instant at) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(EventSignature.TIMESTAMP_HEADER,
				String.valueOf(at.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
		headers.add(EventSignature.SIGNATURE_HEADER,
				signature.sign(Topics.PREDICTIONS, "iris", at.toEpochMilli(), value.getBytes(StandardCharsets.UTF_8))
					.getBytes(StandardCharsets.UTF_8));
		return new TestRecord<>("iris", value, headers, at);
	}

	private static String header(TestRecord<String, String> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	@Test
	void recordsOnTheLiveStatsTopicCarryTheWindowAndItsStats() {
		TestOutputTopic<String, String> topic = this.driver.createOutputTopic(LiveStatsTopology.LIVE_STATS_TOPIC,
				new StringDeserializer(), new StringDeserializer());
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), T0.plusSeconds(1));
		predict(prediction("r-2", "1", PredictionLogged.CHAMPION, 5, null, null, "a"), T0.plusSeconds(2));
		predict(prediction("r-3", "1", PredictionLogged.CHAMPION, 5, null, null, "a"), T0.plusSeconds(61));
		List<KeyValue<String, String>> records = topic.readKeyValuesToList();
		assertThat(records).extracting((record) -> record.key)
			.containsExactly(
					"{\"model\":\"iris\",\"version\":\"1\",\"role\":\"champion\",\"windowStart\":\"2026-12-02T12:00:00Z\",\"windowEnd\":\"2026-12-02T12:01:00Z\"}",
					"{\"model\":\"iris\",\"version\":\"1\",\"role\":\"champion\",\"windowStart\":\"2026-12-02T12:00:00Z\",\"windowEnd\":\"2026-12-02T12:01:00Z\"}",
					"{\"model\":\"iris\",\"version\":\"1\",\"role\":\"champion\",\"windowStart\":\"2026-12-02T12:01:00Z\",\"windowEnd\":\"2026-12-02T12:02:00Z\"}");
		LiveWindow first = JSON.readValue(records.get(1).value, LiveWindow.class);
		assertThat(first.key()).isEqualTo(CHAMPION);
		assertThat(first.start()).isEqualTo(T0);
		assertThat(first.end()).isEqualTo(T0.plusSeconds(60));
		assertThat(first.stats().requests()).as("the window's stats so far, not the record's").isEqualTo(2);
		assertThat(first.stats().latency().count()).isEqualTo(2);
	}

	@Test
	void everyWindowOnTheLiveStatsTopicIsKeptInTheGlobalStoreSoAnyInstanceSumsAnyModel() {
		TestOutputTopic<String, String> published = this.driver.createOutputTopic(LiveStatsTopology.LIVE_STATS_TOPIC,
				new StringDeserializer(), new StringDeserializer());
		TestInputTopic<String, String> topic = this.driver.createInputTopic(LiveStatsTopology.LIVE_STATS_TOPIC,
				new StringSerializer(), new StringSerializer());
		predict(prediction("r-1", "1", PredictionLogged.CHAMPION, 3, null, null, "a"), T0.plusSeconds(1));
		predict(prediction("r-2", "2", PredictionLogged.CHALLENGER, 5, "scoring", null, "a"), T0.plusSeconds(2));
		predict(prediction("r-3", "1", PredictionLogged.CHAMPION, 5, null, null, "a"), T0.plusSeconds(61));
		predict(logged("wine", "w-1", "7", PredictionLogged.CHAMPION, 4, null, null, "a"), T0.plusSeconds(3));
		// what the broker hands every instance's global store: every window, in order
		published.readRecordsToList().forEach(topic::pipeInput);
		LiveStatsQuery everywhere = LiveStatsQuery
			.ofAllWindows(this.driver.getKeyValueStore(LiveStatsTopology.ALL_WINDOWS_STORE));

		LiveStats champion = everywhere.sum(CHAMPION, T0, T0.plusSeconds(119));
		assertThat(champion.requests()).isEqualTo(2)
			.isEqualTo(this.query.sum(CHAMPION, T0, T0.plusSeconds(119)).requests());
		assertThat(champion.latency().count()).isEqualTo(2);
		assertThat(everywhere.sum(CANARY, T0, T0.plusSeconds(119)).errors()).isEqualTo(1);
		assertThat(everywhere.sum(CHAMPION, T0, T0.plusSeconds(59)).requests()).as("the first window only")
			.isEqualTo(1);
		assertThat(everywhere.ofModel("iris", T0, T0.plusSeconds(119)).keySet())
			.isEqualTo(this.query.ofModel("iris", T0, T0.plusSeconds(119)).keySet())
			.containsExactlyInAnyOrder(CHAMPION, CANARY);
		assertThat(everywhere.ofModel("wine", T0, T0.plusSeconds(59)).values()).singleElement()
			.satisfies((stats) -> assertThat(stats.requests()).isEqualTo(1));
		assertThat(everywhere.ofModel("iri", T0, T0.plusSeconds(59))).as("a prefix of a name is no model").isEmpty();
	}

	@Test
	void withSigningOnAWindowOnTheLiveStatsTopicThatNoInstanceSignedIsNotCounted() {
		this.driver.close();
		EventSignature signature = new EventSignature("0123456789abcdef0123456789abcdef-live", null,
				Duration.ofMinutes(5));
		startTheTopology(signature);
		TestInputTopic<String, String> topic = this.driver.createInputTopic(LiveStatsTopology.LIVE_STATS_TOPIC,
				new StringSerializer(), new StringSerializer());
		LiveStats forgedStats = LiveStats.answered(false, 1.0);
		String key = "{\"model\":\"iris\",\"version\":\"1\",\"role\":\"champion\",\"windowStart\":\"2026-12-02T12:00:00Z\","
				+ "\"windowEnd\":\"2026-12-02T12:01:00Z\"}";
		String window = JSON.writeValueAsString(new LiveWindow(CHAMPION, T0, T0.plusSeconds(60), forgedStats));
		topic.pipeInput(new TestRecord<>(key, window, T0.plusSeconds(5)));
		LiveStatsQuery everywhere = LiveStatsQuery
			.ofAllWindows(this.driver.getKeyValueStore(LiveStatsTopology.ALL_WINDOWS_STORE));
		assertThat(everywhere.sum(CHAMPION, T0, T0.plusSeconds(59)).requests()).as("unsigned").isZero();

		RecordHeaders headers = new RecordHeaders();
		long at = T0.plusSeconds(6).toEpochMilli();
		headers.add(EventSignature.TIMESTAMP_HEADER, String.valueOf(at).getBytes(StandardCharsets.UTF_8));
		headers.add(EventSignature.SIGNATURE_HEADER,
				signature.sign(LiveStatsTopology.LIVE_STATS_TOPIC, key, at, window.getBytes(StandardCharsets.UTF_8))
					.getBytes(StandardCharsets.UTF_8));
		topic.pipeInput(new TestRecord<>(key, window, headers, T0.plusSeconds(6)));
		assertThat(everywhere.sum(CHAMPION, T0, T0.plusSeconds(59)).requests()).as("signed").isEqualTo(1);
	}

	private double total(String operation) {
		return this.driver.metrics()
			.entrySet()
			.stream()
			.filter((metric) -> metric.getKey().group().equals("stream-" + LiveStatsTopology.METRICS_SCOPE + "-metrics")
					&& metric.getKey().name().equals(operation + "-total"))
			.mapToDouble((metric) -> (double) metric.getValue().metricValue())
			.sum();
	}

	private void predict(PredictionLogged prediction, Instant at) {
		this.predictions.pipeInput(prediction.modelName(), JSON.writeValueAsString(prediction), at);
	}

	private void feedback(FeedbackReceived feedback, Instant at) {
		this.feedback.pipeInput(feedback.modelName(), JSON.writeValueAsString(feedback), at);
	}

	private static PredictionLogged prediction(String requestId, String version, String role, double latencyMs,
			String error, PredictionLogged.Shadow shadow, String... labels) {
		return logged("iris", requestId, version, role, latencyMs, error, shadow, labels);
	}

	private static PredictionLogged logged(String model, String requestId, String version, String role,
			double latencyMs, String error, PredictionLogged.Shadow shadow, String... labels) {
		List<PredictionLogged.Output> outputs = Stream.of(labels).map(LiveStatsTopologyTests::output).toList();
		List<Map<String, Object>> rows = Stream.of(labels).map((label) -> Map.<String, Object>of("x", 1.0)).toList();
		return new PredictionLogged("e-" + requestId, model, version, role, requestId, requestId, rows, outputs,
				latencyMs, error, shadow, T0);
	}

	private static FeedbackReceived feedback(String requestId, FeedbackReceived.Row... rows) {
		return new FeedbackReceived("f-" + requestId, "iris", requestId, List.of(rows), T0, null);
	}

	private static FeedbackReceived.Row row(int index, String label) {
		return new FeedbackReceived.Row(index, label, null);
	}

	private static PredictionLogged.Output output(String label) {
		return new PredictionLogged.Output(label, Map.of(label, 1.0), null);
	}

}
