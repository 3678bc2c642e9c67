package dev.mlpipeline.promoter.live;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.promoter.live.LiveGate.Status;
import dev.mlpipeline.promoter.live.LiveVerdict.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

class LiveGatesTests {

	private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

	private final LiveGateSettings every = new LiveGateSettings(500, Duration.ofMinutes(5), Duration.ofHours(1), 0.01,
			Duration.ofMillis(50), 0.25, 0.9, 100, 0.9, 0.0);

	@Test
	void nothingIsDecidedBeforeTheEvidenceFloorEvenWhenAGateAlreadyFails() {
		LiveStats failing = answers(100, 50, 10);
		LiveVerdict early = LiveGates.rollout(this.every, LiveKey.CHALLENGER, failing, answers(1000, 0, 10),
				TEN_MINUTES);
		assertThat(early.outcome()).isEqualTo(Outcome.WAIT);
		assertThat(early.reasons().get(0))
			.isEqualTo("live:evidence: wait (100 requests in 10m, needs 500 requests in 5m)");
		LiveVerdict tooSoon = LiveGates.rollout(this.every, LiveKey.CHALLENGER, answers(1000, 0, 10),
				answers(1000, 0, 10), Duration.ofMinutes(1));
		assertThat(tooSoon.outcome()).isEqualTo(Outcome.WAIT);
	}

	@Test
	void aCanaryWhoseErrorRateBreaksItsGateIsRolledBackWithTheFiguresInTheReason() {
		LiveVerdict verdict = LiveGates.rollout(this.every, LiveKey.CHALLENGER, answers(1000, 30, 10),
				answers(4000, 4, 10), TEN_MINUTES);
		assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
		assertThat(verdict.reasons())
			.contains("live:error_rate: fail (challenger 3.00% of 1000 answers > 1.00%; champion 0.10% of 4000)");
	}

	@Test
	void aCanaryIsPromotedWhenEveryGatePassesAndAnyGateStillWaitingHoldsItBack() {
		LiveStats canary = answers(1000, 0, 10).plus(labels(200, 190));
		LiveStats champion = answers(4000, 0, 9).plus(labels(800, 720));
		LiveVerdict verdict = LiveGates.rollout(this.every, LiveKey.CHALLENGER, canary, champion, TEN_MINUTES);
		assertThat(verdict.gates()).allSatisfy((gate) -> assertThat(gate.status()).isEqualTo(Status.PASS));
		assertThat(verdict.outcome()).isEqualTo(Outcome.PROMOTE);
		assertThat(verdict.reasons()).contains(
				"live:improvement: pass (challenger 95.00% of 200 vs champion 90.00% of 800 labelled rows in the same "
						+ "span: +5.00 points >= +0.00 points)");
		LiveVerdict unlabelled = LiveGates.rollout(this.every, LiveKey.CHALLENGER, answers(1000, 0, 10), champion,
				TEN_MINUTES);
		assertThat(unlabelled.outcome()).isEqualTo(Outcome.WAIT);
		assertThat(unlabelled.reasons()).contains("live:accuracy: wait (0 labelled rows of the challenger, needs 100)");
	}

	@Test
	void aSlowCanaryFailsOnItsP99AndOnItsIncreaseOverTheChampion() {
		LiveVerdict verdict = LiveGates.rollout(this.every, LiveKey.CHALLENGER,
				answers(1000, 0, 80).plus(labels(200, 190)), answers(4000, 0, 10).plus(labels(800, 720)), TEN_MINUTES);
		assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
		assertThat(verdict.gates()).filteredOn((gate) -> gate.status() == Status.FAIL)
			.extracting(LiveGate::gate)
			.containsExactly("live:latency_p99", "live:latency_increase");
	}

	@Test
	void aShadowIsJudgedOnItsAgreementAndOnTheSameRowsAsTheChampion() {
		LiveStats shadow = shadowed(1000, 1000, 950).plus(paired(100, 95, 90));
		LiveVerdict verdict = LiveGates.rollout(this.every, LiveKey.SHADOW, shadow, answers(1000, 0, 10), TEN_MINUTES);
		assertThat(verdict.outcome()).isEqualTo(Outcome.PROMOTE);
		assertThat(verdict.reasons()).contains(
				"live:agreement: pass (95.00% of 1000 rows labelled as the champion labelled them >= 90.00%)",
				"live:error_rate: pass (a shadow answers no request; this gate applies to a canary)");
		LiveStats disagreeing = shadowed(1000, 1000, 600).plus(paired(100, 95, 90));
		assertThat(
				LiveGates.rollout(this.every, LiveKey.SHADOW, disagreeing, answers(1000, 0, 10), TEN_MINUTES).outcome())
			.isEqualTo(Outcome.ROLL_BACK);
		LiveStats worse = shadowed(1000, 1000, 950).plus(paired(100, 92, 95));
		LiveVerdict worseVerdict = LiveGates.rollout(this.every, LiveKey.SHADOW, worse, answers(1000, 0, 10),
				TEN_MINUTES);
		assertThat(worseVerdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
		assertThat(worseVerdict.reasons()).anySatisfy((reason) -> assertThat(reason)
			.startsWith("live:improvement: fail (shadow 92.00% vs champion 95.00% on the same 100 labelled rows"));
	}

	@Test
	void aRolloutThatCannotDecideByItsTimeLimitIsRolledBackForWantOfEvidence() {
		LiveVerdict verdict = LiveGates.rollout(this.every, LiveKey.CHALLENGER, answers(200, 0, 10),
				answers(800, 0, 10), Duration.ofHours(1));
		assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
		assertThat(verdict.reasons().get(verdict.reasons().size() - 1))
			.isEqualTo("live:max_duration: fail (not enough evidence after 1h (at most 1h): live:evidence, "
					+ "live:accuracy, live:improvement still waiting)");
	}

	@Test
	void withoutGatesARolloutPromotesOnceTheEvidenceFloorIsMet() {
		LiveVerdict verdict = LiveGates.rollout(LiveGateSettings.defaults(), LiveKey.CHALLENGER, answers(500, 0, 10),
				LiveStats.empty(), Duration.ofMinutes(5));
		assertThat(verdict.outcome()).isEqualTo(Outcome.PROMOTE);
	}

	@Test
	void aWatchedChampionIsRolledBackWhenItsLiveAccuracyBreaksTheGateAndIsNeverPromoted() {
		LiveVerdict good = LiveGates.watch(this.every, answers(1000, 0, 10).plus(labels(200, 190)), TEN_MINUTES);
		assertThat(good.outcome()).isEqualTo(Outcome.WAIT);
		LiveVerdict bad = LiveGates.watch(this.every, answers(1000, 0, 10).plus(labels(200, 60)), TEN_MINUTES);
		assertThat(bad.outcome()).isEqualTo(Outcome.ROLL_BACK);
		assertThat(bad.reasons()).contains("live:accuracy: fail (champion 30.00% of 200 labelled rows < 90.00%)");
	}

	private static LiveStats answers(int requests, int errors, double latencyMs) {
		LiveStats stats = LiveStats.empty();
		for (int i = 0; i < requests; i++) {
			stats = stats.plus(LiveStats.answered(i < errors, latencyMs));
		}
		return stats;
	}

	private static LiveStats labels(int labelled, int correct) {
		LiveStats stats = LiveStats.empty();
		for (int i = 0; i < labelled; i++) {
			stats = stats.plus(LiveStats.labelled(i < correct, 0));
		}
		return stats;
	}

	private static LiveStats shadowed(int requests, int compared, int agreed) {
		return new LiveStats(requests, 0, LatencySketch.empty(), compared, agreed, 0, 0, 0, 0, 0, 0);
	}

	private static LiveStats paired(int labelled, int shadowCorrect, int championCorrect) {
		LiveStats stats = LiveStats.empty();
		for (int i = 0; i < labelled; i++) {
			stats = stats.plus(LiveStats.pairedLabel(i < shadowCorrect, i < championCorrect, 0));
		}
		return stats;
	}

}
