package dev.mlpipeline.promoter.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.promoter.audit.DecisionOutcome;
import dev.mlpipeline.promoter.audit.DecisionRecord;

/**
 * The primary metric across a model's versions, as the policy judged each one: the
 * candidate's value beside the champion's on the same data (the paired comparison's
 * figures when there was one, else the recorded values), one point per version, in the
 * order the versions were judged.
 */
final class MetricHistory {

	private MetricHistory() {
	}

	/**
	 * The points of a model's decisions.
	 * @param decisions the decisions, in any order
	 * @return one point per version the policy judged, oldest judgement first; an
	 * operator's promotion or rollback judges nothing and adds none
	 */
	static List<Point> of(List<DecisionRecord> decisions) {
		List<DecisionRecord> oldestFirst = new ArrayList<>(decisions);
		oldestFirst.sort(DecisionRecord.NEWEST_FIRST.reversed());
		Map<String, Point> latest = new LinkedHashMap<>();
		for (DecisionRecord decision : oldestFirst) {
			if (decision.cause() != PromotionCause.POLICY || decision.candidateValue() == null) {
				continue;
			}
			// a later judgement of the same version (a redelivered registration, a
			// re-evaluation) replaces the earlier one in its first place
			Point point = point(decision);
			latest.merge(decision.version(), point, (earlier, later) -> later);
		}
		return List.copyOf(latest.values());
	}

	private static Point point(DecisionRecord decision) {
		PromotionDecided.Comparison compared = decision.comparison();
		boolean paired = compared != null && compared.candidate() != null && compared.champion() != null;
		Double candidate = paired ? compared.candidate() : decision.candidateValue();
		Double champion = paired ? compared.champion() : decision.championValue();
		String basis = (compared != null) ? compared.basis() : (decision.championVersion() != null) ? "unpaired" : null;
		return new Point(decision.version(), decision.decisionId(), decision.outcome(), decision.decidedAt(),
				decision.metric(), candidate, decision.championVersion(), champion, basis,
				(compared != null) ? compared.pValue() : null);
	}

	/**
	 * One version as the policy judged it.
	 *
	 * @param version the candidate version
	 * @param decisionId the decision
	 * @param outcome what it decided
	 * @param decidedAt when
	 * @param metric the primary metric
	 * @param candidate the candidate's value
	 * @param championVersion the champion it was judged against, {@code null} for none
	 * @param champion the champion's value on the same data when paired, its recorded
	 * value otherwise, {@code null} without a champion
	 * @param basis {@code paired-folds}, {@code paired-holdout}, {@code unpaired}, or
	 * {@code null} without a champion
	 * @param pValue the paired test's p-value, {@code null} unpaired
	 */
	record Point(String version, String decisionId, DecisionOutcome outcome, Instant decidedAt, String metric,
			Double candidate, String championVersion, Double champion, String basis, Double pValue) {
	}

}
