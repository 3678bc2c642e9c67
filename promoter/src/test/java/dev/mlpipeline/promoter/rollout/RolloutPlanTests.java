package dev.mlpipeline.promoter.rollout;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.promoter.live.LiveGate;
import dev.mlpipeline.promoter.live.LiveVerdict;
import dev.mlpipeline.promoter.rollout.RolloutPlan.Step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RolloutPlanTests {

	private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

	private static final Instant LATER = T0.plusSeconds(600);

	@Test
	void aDirectCandidateHasNoStageAndTheOthersStartAsTheirModeSays() {
		assertThat(RolloutPlan.start(RolloutMode.DIRECT, "4", 10, T0)).isEmpty();
		assertThat(RolloutPlan.start(RolloutMode.SHADOW, "4", 10, T0)).contains(RolloutStage.shadow("4", T0));
		assertThat(RolloutPlan.start(RolloutMode.SHADOW_THEN_CANARY, "4", 10, T0))
			.contains(RolloutStage.shadowThenCanary("4", 10, T0));
		assertThat(RolloutPlan.start(RolloutMode.CANARY, "4", 10, T0)).hasValueSatisfying((stage) -> {
			assertThat(stage.tag()).isEqualTo("canary:10");
			assertThat(stage.since()).isEqualTo(T0);
		});
	}

	@Test
	void aShadowThatPassesBecomesACanaryUnderShadowThenCanaryAndIsPromotedUnderShadow() {
		RolloutStage shadow = RolloutStage.shadow("4", T0);
		Step advance = RolloutPlan.next(RolloutMode.SHADOW_THEN_CANARY, shadow, verdict(LiveVerdict.Outcome.PROMOTE),
				25, LATER);
		assertThat(advance)
			.isEqualTo(new Step.Advance(RolloutStage.canary("4", 25, LATER), List.of("live:evidence: pass (enough)")));
		assertThat(RolloutPlan.next(RolloutMode.SHADOW, shadow, verdict(LiveVerdict.Outcome.PROMOTE), 25, LATER))
			.isInstanceOf(Step.Promote.class);
		// an operator's share, staged with the shadow, outlives the model's default
		assertThat(RolloutPlan.next(RolloutMode.SHADOW_THEN_CANARY, RolloutStage.shadowThenCanary("4", 30, T0),
				verdict(LiveVerdict.Outcome.PROMOTE), 25, LATER))
			.isEqualTo(new Step.Advance(RolloutStage.canary("4", 30, LATER), List.of("live:evidence: pass (enough)")));
		RolloutStage canary = RolloutStage.canary("4", 25, LATER);
		assertThat(RolloutPlan.next(RolloutMode.SHADOW_THEN_CANARY, canary, verdict(LiveVerdict.Outcome.PROMOTE), 25,
				LATER.plusSeconds(600)))
			.isInstanceOf(Step.Promote.class);
	}

	@Test
	void aFailingOrUndecidedStageIsRolledBackOrGoesOnWithTheGatesReasons() {
		RolloutStage canary = RolloutStage.canary("4", 10, T0);
		Step back = RolloutPlan.next(RolloutMode.CANARY, canary, verdict(LiveVerdict.Outcome.ROLL_BACK), 10, LATER);
		assertThat(back).isInstanceOf(Step.RollBack.class);
		assertThat(back.reasons()).containsExactly("live:evidence: pass (enough)");
		assertThat(RolloutPlan.next(RolloutMode.CANARY, canary, verdict(LiveVerdict.Outcome.WAIT), 10, LATER))
			.isInstanceOf(Step.Wait.class);
	}

	@Test
	void theModeIsReadAsTheSettingSpellsItAndAnUnknownOneIsNamed() {
		assertThat(RolloutMode.parse("shadow-then-canary")).isEqualTo(RolloutMode.SHADOW_THEN_CANARY);
		assertThat(RolloutMode.parse(" Canary ")).isEqualTo(RolloutMode.CANARY);
		assertThat(RolloutMode.SHADOW_THEN_CANARY.text()).isEqualTo("shadow-then-canary");
		assertThatIllegalArgumentException().isThrownBy(() -> RolloutMode.parse("blue-green"))
			.withMessage("Unknown rollout 'blue-green': use direct, shadow, canary or shadow-then-canary");
	}

	@Test
	void aCanaryAnswersOneToAHundredPercentAndAShadowNone() {
		assertThatIllegalArgumentException().isThrownBy(() -> RolloutStage.canary("4", 0, T0))
			.withMessage("A canary answers 1 to 100 % of requests, not 0");
		assertThatIllegalArgumentException().isThrownBy(() -> RolloutStage.canary("4", 101, T0));
		assertThat(RolloutStage.shadowThenCanary("4", 30, T0).tag()).as("a shadow answers none").isEqualTo("shadow");
		assertThat(RolloutStage.shadow("4", T0).tag()).isEqualTo("shadow");
		assertThatIllegalArgumentException().isThrownBy(() -> RolloutStage.shadowThenCanary("4", 101, T0));
	}

	private static LiveVerdict verdict(LiveVerdict.Outcome outcome) {
		return new LiveVerdict(outcome, List.of(new LiveGate("live:evidence", LiveGate.Status.PASS, "enough")));
	}

}
