package dev.mlpipeline.promoter.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.promoter.live.LiveGate;
import dev.mlpipeline.promoter.live.LiveGates;
import dev.mlpipeline.promoter.live.LiveKey;
import dev.mlpipeline.promoter.live.LiveStatsQuery;
import dev.mlpipeline.promoter.live.LiveVerdict;
import dev.mlpipeline.promoter.promotion.ModelStatus;

/**
 * The live gates of a model's rollout as they stand now: the same gates, on the same
 * stats since the stage began, that the model's owner puts the challenger to at its next
 * check. Read only: what the owner concludes is the decision that counts.
 */
final class RolloutGates {

	private RolloutGates() {
	}

	/**
	 * The gates of a model's current stage.
	 * @param status the model's status
	 * @param query the live stats
	 * @param now the time to judge by
	 * @return the gates, empty without a challenger, a champion, or a stage with a start
	 * (a challenger set by hand in the registry has none)
	 */
	static Optional<Now> of(ModelStatus status, LiveStatsQuery query, Instant now) {
		PromotionDecided.Rollout rollout = status.rollout();
		if (status.challenger() == null || status.champion() == null || rollout == null || rollout.since() == null) {
			return Optional.empty();
		}
		String role = "shadow".equals(rollout.stage()) ? LiveKey.SHADOW : LiveKey.CHALLENGER;
		String model = status.model();
		Instant since = rollout.since();
		LiveVerdict verdict = LiveGates.rollout(status.policy().live(), role,
				query.sum(new LiveKey(model, status.challenger().version(), role), since, now),
				query.sum(new LiveKey(model, status.champion().version(), LiveKey.CHAMPION), since, now),
				Duration.between(since, now));
		return Optional.of(new Now(status.challenger().version(), rollout.stage(), rollout.percent(), since,
				verdict.outcome(), verdict.gates()));
	}

	/**
	 * A stage's gates now.
	 *
	 * @param version the challenger
	 * @param stage {@code shadow} or {@code canary}
	 * @param percent the canary's share of requests
	 * @param since when the stage began
	 * @param verdict what the gates conclude now
	 * @param gates each gate with its figures and status
	 */
	record Now(String version, String stage, int percent, Instant since, LiveVerdict.Outcome verdict,
			List<LiveGate> gates) {
	}

}
