package dev.mlpipeline.promoter.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;

/**
 * Whether a version may be rejected, and the reasons its rejection records.
 */
final class Rejection {

	private Rejection() {
	}

	/**
	 * Why a version may not be rejected.
	 * @param model the model
	 * @param version the version
	 * @param latest the version's latest decision, empty when none
	 * @return the problem, empty when the version waits for approval
	 */
	static Optional<String> problem(String model, String version, Optional<DecisionRecord> latest) {
		if (latest.isEmpty()) {
			return Optional.of("Model " + model + " version " + version + " has no decision: only a version waiting "
					+ "for approval can be rejected");
		}
		if (latest.get().outcome() != DecisionOutcome.PENDING_APPROVAL) {
			return Optional.of("Model " + model + " version " + version + " does not wait for approval (its latest "
					+ "decision is " + latest.get().outcome()
					+ "): only a version waiting for approval can be rejected");
		}
		return Optional.empty();
	}

	/**
	 * The reasons of a rejection.
	 * @param version the version
	 * @param champion the production version, {@code null} for none
	 * @param note the operator's reason, {@code null} or blank for none
	 * @return the reason lines
	 */
	static List<String> reasons(String version, String champion, String note) {
		List<String> reasons = new ArrayList<>();
		reasons.add("approval: version " + version + " rejected by an operator"
				+ ((champion != null) ? "; production stays on version " + champion : ""));
		DecisionRecord.addNote(reasons, note);
		return reasons;
	}

}
