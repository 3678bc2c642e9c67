package dev.mlpipeline.promoter.policy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionPolicyTests {

	private final PromotionPolicy policy = new PromotionPolicy();

	private final PolicySettings defaults = new PolicySettings("accuracy", true, 0.8, 0.01, 0, Map.of(), false, false,
			0.05, null, null, null, null, 10, null, null);

	@Test
	void promotesFirstVersionThatMeetsTheThreshold() {
		Decision decision = decide(this.defaults, candidate("1", 0.85), Optional.empty());
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		assertThat(decision.candidateValue()).isEqualTo(0.85);
		assertThat(decision.championValue()).isNull();
		assertThat(decision.reasons()).contains("threshold: pass (accuracy 0.8500 >= 0.8000)",
				"improvement: pass (no champion yet)", "schema: pass (no champion to compare with)");
	}

	@Test
	void rejectsFirstVersionBelowTheThreshold() {
		Decision decision = decide(this.defaults, candidate("1", 0.79), Optional.empty());
		assertThat(decision).isInstanceOf(Decision.Reject.class);
		assertThat(((Decision.Reject) decision).failed()).extracting(GateResult::gate).containsExactly("threshold");
		assertThat(decision.reasons()).contains("threshold: fail (accuracy 0.7900 < 0.8000)");
	}

	@Test
	void acceptsAValueExactlyAtTheThreshold() {
		assertThat(decide(this.defaults, candidate("1", 0.8), Optional.empty())).isInstanceOf(Decision.Promote.class);
	}

	@Test
	void rejectsCandidateWithoutThePrimaryMetric() {
		Decision decision = decide(this.defaults, new Contender("1", Map.of("kappa", 0.9)), Optional.empty());
		assertThat(failedGates(decision)).containsExactly("metric", "threshold");
		assertThat(decision.candidateValue()).isNull();
		assertThat(decision.reasons()).contains("metric: fail (the candidate has no accuracy value)");
	}

	@Test
	void treatsANonFiniteMetricAsMissing() {
		Decision decision = decide(this.defaults, candidate("1", Double.NaN), Optional.empty());
		assertThat(failedGates(decision)).containsExactly("metric", "threshold");
	}

	@Test
	void promotesCandidateThatBeatsTheChampionByTheRequiredMargin() {
		Decision decision = decide(this.defaults, candidate("2", 0.92), Optional.of(candidate("1", 0.90)));
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		assertThat(decision.championValue()).isEqualTo(0.90);
		assertThat(decision.reasons())
			.contains("improvement: pass (accuracy 0.9200 vs champion version 1 0.9000 on different data: gain 0.0200;"
					+ " no paired comparison: the candidate's run has no figures of the champion on its data)");
	}

	@Test
	void promotesAGainExactlyEqualToTheMinimumImprovementDespiteFloatingPointNoise() {
		assertThat(decide(this.defaults, candidate("2", 0.91), Optional.of(candidate("1", 0.90))))
			.isInstanceOf(Decision.Promote.class);
	}

	@Test
	void rejectsATieWithTheChampion() {
		PolicySettings noMargin = new PolicySettings("accuracy", true, 0.8, 0, 0, Map.of(), false, false, 0.05, null,
				null, null, null, 10, null, null);
		Decision decision = decide(noMargin, candidate("2", 0.9), Optional.of(candidate("1", 0.9)));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anyMatch((reason) -> reason.contains("a tie does not promote"));
	}

	@Test
	void rejectsCandidateWorseThanTheChampion() {
		Decision decision = decide(this.defaults, candidate("2", 0.85), Optional.of(candidate("1", 0.9)));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anyMatch((reason) -> reason.contains("worse than the champion"));
	}

	@Test
	void rejectsAGainBelowTheMinimumImprovement() {
		Decision decision = decide(this.defaults, candidate("2", 0.905), Optional.of(candidate("1", 0.9)));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anyMatch((reason) -> reason.contains("gain 0.0050 < required 0.0100"));
	}

	@Test
	void rejectsAGainBelowTheMinimumRelativeImprovement() {
		PolicySettings relative = new PolicySettings("accuracy", true, 0.8, 0, 0.05, Map.of(), false, false, 0.05, null,
				null, null, null, 10, null, null);
		Decision decision = decide(relative, candidate("2", 0.93), Optional.of(candidate("1", 0.9)));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons()).anyMatch((reason) -> reason.contains("relative gain 3.33% < required 5.00%"));
		assertThat(decide(relative, candidate("3", 0.95), Optional.of(candidate("1", 0.9))))
			.isInstanceOf(Decision.Promote.class);
	}

	@Test
	void rejectsWhenTheChampionHasNoValueToCompareWith() {
		Decision decision = decide(this.defaults, candidate("2", 0.95), Optional.of(new Contender("1", Map.of())));
		assertThat(failedGates(decision)).containsExactly("improvement");
		assertThat(decision.reasons())
			.anyMatch((reason) -> reason.contains("champion version 1 has no accuracy value to compare with"));
	}

	@Test
	void comparesLowerIsBetterMetricsTheOtherWayRound() {
		PolicySettings rmse = new PolicySettings("rmse", false, 0.5, 0.01, 0, Map.of(), false, false, 0.05, null, null,
				null, null, 10, null, null);
		assertThat(decide(rmse, new Contender("2", Map.of("rmse", 0.3)),
				Optional.of(new Contender("1", Map.of("rmse", 0.4)))))
			.isInstanceOf(Decision.Promote.class);
		Decision worse = decide(rmse, new Contender("2", Map.of("rmse", 0.45)),
				Optional.of(new Contender("1", Map.of("rmse", 0.4))));
		assertThat(failedGates(worse)).containsExactly("improvement");
		Decision aboveCeiling = decide(rmse, new Contender("1", Map.of("rmse", 0.6)), Optional.empty());
		assertThat(aboveCeiling.reasons()).contains("threshold: fail (rmse 0.6000 > 0.5000)");
	}

	@Test
	void rejectsCandidateBelowAFurtherMetricFloor() {
		PolicySettings floors = new PolicySettings("accuracy", true, 0.8, 0.01, 0, Map.of("kappa", 0.7, "f1", 0.5),
				false, false, 0.05, null, null, null, null, 10, null, null);
		Decision decision = decide(floors, new Contender("1", Map.of("accuracy", 0.9, "kappa", 0.6)), Optional.empty());
		assertThat(failedGates(decision)).containsExactly("floor:f1", "floor:kappa");
		assertThat(decision.reasons()).contains("floor:kappa: fail (kappa 0.6000 < 0.7000)",
				"floor:f1: fail (the candidate has no f1 value)");
		assertThat(
				decide(floors, new Contender("1", Map.of("accuracy", 0.9, "kappa", 0.7, "f1", 0.8)), Optional.empty()))
			.isInstanceOf(Decision.Promote.class);
	}

	@Test
	void rejectsCandidateWhoseFeaturesDifferFromTheChampions() {
		Decision decision = this.policy.decide(this.defaults, candidate("2", 0.95), Optional.of(candidate("1", 0.9)),
				SchemaCheck.incompatible("feature petalwidth missing"));
		assertThat(failedGates(decision)).containsExactly("schema");
		assertThat(decision.reasons())
			.contains("schema: fail (incompatible: feature petalwidth missing (champion version 1))");
	}

	@Test
	void promotesAnIncompatibleCandidateWhenThePolicyAllowsIt() {
		PolicySettings lenient = new PolicySettings("accuracy", true, 0.8, 0.01, 0, Map.of(), false, true, 0.05, null,
				null, null, null, 10, null, null);
		Decision decision = this.policy.decide(lenient, candidate("2", 0.95), Optional.of(candidate("1", 0.9)),
				SchemaCheck.incompatible("classes differ"));
		assertThat(decision).isInstanceOf(Decision.Promote.class);
		assertThat(decision.reasons()).anyMatch((reason) -> reason.startsWith("schema: pass (incompatible, allowed"));
	}

	@Test
	void rejectsWhenASchemaIsMissingUnlessThePolicyAllowsIt() {
		SchemaCheck missing = SchemaCheck.unknown("the champion has no model/schema.json");
		Decision strict = this.policy.decide(this.defaults, candidate("2", 0.95), Optional.of(candidate("1", 0.9)),
				missing);
		assertThat(failedGates(strict)).containsExactly("schema");
		assertThat(strict.reasons()).anyMatch((reason) -> reason.contains("the champion has no model/schema.json"));
		PolicySettings lenient = new PolicySettings("accuracy", true, 0.8, 0.01, 0, Map.of(), false, true, 0.05, null,
				null, null, null, 10, null, null);
		assertThat(this.policy.decide(lenient, candidate("2", 0.95), Optional.of(candidate("1", 0.9)), missing))
			.isInstanceOf(Decision.Promote.class);
	}

	@Test
	void ignoresTheSchemaWithoutAChampion() {
		assertThat(this.policy.decide(this.defaults, candidate("1", 0.95), Optional.empty(),
				SchemaCheck.unknown("no schema")))
			.isInstanceOf(Decision.Promote.class);
	}

	@Test
	void rejectsALateOlderVersionEvenWhenItBeatsTheChampion() {
		Decision decision = decide(this.defaults, candidate("3", 0.99), Optional.of(candidate("5", 0.9)));
		assertThat(failedGates(decision)).containsExactly("order");
		assertThat(decision.reasons()).anyMatch((reason) -> reason.contains(
				"version 3 is older than champion version 5; only a manual promotion or a rollback can put it in production"));
		assertThat(decision.reasons()).anyMatch((reason) -> reason.startsWith("improvement: pass"));
	}

	@Test
	void comparesVersionsNumerically() {
		assertThat(PromotionPolicy.compareVersions("10", "9")).isPositive();
		assertThat(PromotionPolicy.compareVersions("2", "2")).isZero();
		assertThat(decide(this.defaults, candidate("10", 0.95), Optional.of(candidate("9", 0.9))))
			.isInstanceOf(Decision.Promote.class);
	}

	@Test
	void rejectsTheChampionItself() {
		Decision decision = decide(this.defaults, candidate("4", 0.9), Optional.of(candidate("4", 0.9)));
		assertThat(failedGates(decision)).containsExactly("improvement", "order");
	}

	@Test
	void reportsEveryGateEvenAfterAFailure() {
		Decision decision = decide(this.defaults, candidate("2", 0.5), Optional.of(candidate("1", 0.9)));
		assertThat(decision.gates()).extracting(GateResult::gate)
			.containsExactly("metric", "threshold", "improvement", "schema", "order");
		assertThat(failedGates(decision)).containsExactly("threshold", "improvement");
	}

	@Test
	void perModelOverridesReplaceOnlyWhatTheyName() {
		PolicySettings merged = this.defaults.with(new PolicyOverrides("kappa", null, 0.6, null, null,
				Map.of("accuracy", 0.7), true, null, null, null, null, null, null, null, null, null));
		assertThat(merged).isEqualTo(new PolicySettings("kappa", true, 0.6, 0.01, 0, Map.of("accuracy", 0.7), true,
				false, 0.05, null, null, null, null, 10, null, null));
		assertThat(this.defaults.with(null)).isEqualTo(this.defaults);
	}

	private Decision decide(PolicySettings settings, Contender candidate, Optional<Contender> champion) {
		return this.policy.decide(settings, candidate, champion, SchemaCheck.compatible());
	}

	private static Contender candidate(String version, double accuracy) {
		return new Contender(version, Map.of("accuracy", accuracy));
	}

	private static java.util.List<String> failedGates(Decision decision) {
		return decision.gates().stream().filter((gate) -> !gate.passed()).map(GateResult::gate).toList();
	}

}
