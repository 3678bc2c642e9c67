package dev.mlpipeline.promoter.dashboard;

import java.time.Instant;
import java.util.List;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricHistoryTests {

	private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

	@Test
	void eachJudgedVersionIsOnePointWithTheChampionsFigureOnTheSameDataOldestFirst() {
		PromotionDecided.Comparison paired = new PromotionDecided.Comparison("paired-folds", "accuracy", 0.95, 0.91,
				0.04, 0.012, "corrected resampled t-test", List.of(), 0.11, null, null, true);
		List<MetricHistory.Point> points = MetricHistory
			.of(List.of(decision("d3", "3", DecisionOutcome.PROMOTED, PromotionCause.MANUAL, 0.8, 0.95, "2", null, 3),
					decision("d2", "2", DecisionOutcome.PROMOTED, PromotionCause.POLICY, 0.96, 0.9, "1", paired, 2),
					decision("d1", "1", DecisionOutcome.PROMOTED, PromotionCause.POLICY, 0.9, null, null, null, 1)));

		assertThat(points).extracting(MetricHistory.Point::version).containsExactly("1", "2");
		assertThat(points.get(0).champion()).isNull();
		assertThat(points.get(0).basis()).isNull();
		// the paired figures, not the versions' own recorded metrics
		assertThat(points.get(1).candidate()).isEqualTo(0.95);
		assertThat(points.get(1).champion()).isEqualTo(0.91);
		assertThat(points.get(1).championVersion()).isEqualTo("1");
		assertThat(points.get(1).basis()).isEqualTo("paired-folds");
		assertThat(points.get(1).pValue()).isEqualTo(0.012);
	}

	@Test
	void aVersionJudgedAgainIsShownAsItsLatestJudgementInItsFirstPlace() {
		List<MetricHistory.Point> points = MetricHistory
			.of(List.of(decision("d1", "1", DecisionOutcome.REJECTED, PromotionCause.POLICY, 0.7, null, null, null, 1),
					decision("d2", "2", DecisionOutcome.PROMOTED, PromotionCause.POLICY, 0.9, null, null, null, 2),
					decision("d3", "1", DecisionOutcome.STAGED, PromotionCause.POLICY, 0.75, 0.9, "2", null, 3)));

		assertThat(points).extracting(MetricHistory.Point::version).containsExactly("1", "2");
		assertThat(points.get(0).outcome()).isEqualTo(DecisionOutcome.STAGED);
		assertThat(points.get(0).basis()).isEqualTo("unpaired");
		assertThat(points.get(0).champion()).isEqualTo(0.9);
	}

	private static DecisionRecord decision(String id, String version, DecisionOutcome outcome, PromotionCause cause,
			Double candidate, Double champion, String championVersion, PromotionDecided.Comparison comparison,
			int minutes) {
		return new DecisionRecord(id, "iris", version, outcome, cause, List.of("a reason"), "accuracy", candidate,
				champion, championVersion, T0.plusSeconds(60L * minutes), "policy", comparison, null, null, null);
	}

}
