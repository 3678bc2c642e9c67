package dev.mlpipeline.promoter.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionTests {

	@Test
	void onlyAVersionWaitingForApprovalMayBeRejected() {
		assertThat(Rejection.problem("iris", "3", Optional.of(latest(DecisionOutcome.PENDING_APPROVAL)))).isEmpty();
		assertThat(Rejection.problem("iris", "3", Optional.of(latest(DecisionOutcome.PROMOTED)))).hasValueSatisfying(
				(problem) -> assertThat(problem).contains("version 3").contains("latest decision is PROMOTED"));
		assertThat(Rejection.problem("iris", "3", Optional.empty()))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("has no decision"));
	}

	@Test
	void theReasonsSayWhatStaysInProductionAndTheOperatorsNote() {
		assertThat(Rejection.reasons("3", "2", "  overfits the March data ")).containsExactly(
				"approval: version 3 rejected by an operator; production stays on version 2",
				"note: overfits the March data");
		assertThat(Rejection.reasons("1", null, " ")).containsExactly("approval: version 1 rejected by an operator");
	}

	private static DecisionRecord latest(DecisionOutcome outcome) {
		return new DecisionRecord("d", "iris", "3", outcome, PromotionCause.POLICY, List.of(), "accuracy", 0.9, null,
				null, Instant.parse("2026-12-03T10:00:00Z"), "policy", null, null, null, null);
	}

}
