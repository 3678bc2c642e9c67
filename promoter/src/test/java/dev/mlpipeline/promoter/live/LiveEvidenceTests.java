package dev.mlpipeline.promoter.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.event.FeedbackReceived;
import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.promoter.live.LiveEvidence.Contribution;

import static org.assertj.core.api.Assertions.assertThat;

class LiveEvidenceTests {

	private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	@Test
	void aCanaryAnswerCountsForTheChallengerWithItsLatencyAndError() {
		List<Contribution> contributions = LiveEvidence
			.of(prediction("2", PredictionLogged.CHALLENGER, List.of(output("a")), "invalid_request", null));
		assertThat(contributions).singleElement().satisfies((contribution) -> {
			assertThat(contribution.key()).isEqualTo(new LiveKey("iris", "2", LiveKey.CHALLENGER));
			assertThat(contribution.stats().requests()).isEqualTo(1);
			assertThat(contribution.stats().errors()).isEqualTo(1);
			assertThat(contribution.stats().latency().count()).isEqualTo(1);
		});
	}

	@Test
	void aShadowedAnswerCountsForTheChampionAndTheShadowsAgreementRowByRow() {
		PredictionLogged prediction = prediction("1", PredictionLogged.CHAMPION,
				List.of(output("a"), output("b"), output("c")), null,
				new PredictionLogged.Shadow("3", List.of(output("a"), output("c"), output("c"))));
		List<Contribution> contributions = LiveEvidence.of(prediction);
		assertThat(contributions).extracting(Contribution::key)
			.containsExactly(new LiveKey("iris", "1", LiveKey.CHAMPION), new LiveKey("iris", "3", LiveKey.SHADOW));
		LiveStats shadow = contributions.get(1).stats();
		assertThat(shadow.compared()).isEqualTo(3);
		assertThat(shadow.agreed()).isEqualTo(2);
		assertThat(shadow.latency().count()).as("a shadow's work is off the request's path").isZero();
	}

	@Test
	void aRequestNoVersionAnsweredAddsNothing() {
		assertThat(LiveEvidence.of(prediction(null, PredictionLogged.CHAMPION, List.of(), "no_model", null))).isEmpty();
	}

	@Test
	void labelsPairTheShadowWithTheChampionOnTheSameRowsAndCountEachRowOnce() {
		PredictionLogged prediction = prediction("1", PredictionLogged.CHAMPION, List.of(output("a"), output("b")),
				null, new PredictionLogged.Shadow("3", List.of(output("a"), output("c"))));
		FeedbackReceived feedback = feedback(new FeedbackReceived.Row(0, "a", null),
				new FeedbackReceived.Row(1, "c", null), new FeedbackReceived.Row(1, "c", null),
				new FeedbackReceived.Row(7, "a", null));
		LiveEvidence.Labels labels = LiveEvidence.labels(prediction, feedback, Set.of());
		assertThat(labels.rows()).as("a repeated row and a row the request never had are left out")
			.containsExactly(0, 1);
		LiveStats champion = sum(labels.contributions(), LiveKey.CHAMPION);
		LiveStats shadow = sum(labels.contributions(), LiveKey.SHADOW);
		assertThat(champion.labelled()).isEqualTo(2);
		assertThat(champion.correct()).isEqualTo(1);
		assertThat(shadow.labelled()).isEqualTo(2);
		assertThat(shadow.correct()).isEqualTo(2);
		assertThat(shadow.championCorrect()).isEqualTo(1);
		assertThat(shadow.onlyShadowRight()).isEqualTo(1);
		assertThat(shadow.onlyChampionRight()).isZero();
		// the same feedback sent again labels nothing new
		assertThat(LiveEvidence.labels(prediction, feedback, Set.copyOf(labels.rows())).contributions()).isEmpty();
	}

	@Test
	void aNumericClassCountsItsAbsoluteError() {
		PredictionLogged prediction = prediction("1", PredictionLogged.CHAMPION,
				List.of(new PredictionLogged.Output(null, null, 2.5)), null, null);
		LiveEvidence.Labels labels = LiveEvidence.labels(prediction, feedback(new FeedbackReceived.Row(0, null, 4.0)),
				Set.of());
		assertThat(sum(labels.contributions(), LiveKey.CHAMPION).absoluteError()).isEqualTo(1.5);
	}

	private static LiveStats sum(List<Contribution> contributions, String role) {
		return contributions.stream()
			.filter((contribution) -> contribution.key().role().equals(role))
			.map(Contribution::stats)
			.reduce(LiveStats.empty(), LiveStats::plus);
	}

	private static PredictionLogged prediction(String version, String role, List<PredictionLogged.Output> outputs,
			String error, PredictionLogged.Shadow shadow) {
		return new PredictionLogged("e-1", "iris", version, role, "r-1", "r-1", List.of(), outputs, 2.0, error, shadow,
				NOW);
	}

	private static FeedbackReceived feedback(FeedbackReceived.Row... rows) {
		return new FeedbackReceived("f-1", "iris", "r-1", List.of(rows), NOW, null);
	}

	private static PredictionLogged.Output output(String label) {
		return new PredictionLogged.Output(label, Map.of(label, 1.0), null);
	}

}
