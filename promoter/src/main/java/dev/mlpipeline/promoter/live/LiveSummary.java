package dev.mlpipeline.promoter.live;

/**
 * What live traffic showed of one version in one role, as {@code GET /models/{name}/live}
 * answers it: the counts, and the figures the live gates read from them ({@code null}
 * where there is nothing to compute them from).
 *
 * @param version the version
 * @param role {@value LiveKey#CHAMPION}, {@value LiveKey#CHALLENGER} or
 * {@value LiveKey#SHADOW}
 * @param requests requests answered (a shadow: scored)
 * @param errors requests answered with an error
 * @param errorRate their share
 * @param latencyP50Ms the median answer latency
 * @param latencyP99Ms the p99 answer latency
 * @param compared rows a shadow and the champion both labelled
 * @param agreement the share of those labelled alike
 * @param labelled rows whose true outcome arrived
 * @param accuracy the share of those predicted right
 * @param championAccuracy for a shadow, the champion's accuracy on the same rows
 * @param onlyShadowRight for a shadow, rows only it got right
 * @param onlyChampionRight for a shadow, rows only the champion got right
 * @param meanAbsoluteError for a numeric class, the mean absolute error of the labelled
 * rows
 */
public record LiveSummary(String version, String role, long requests, long errors, Double errorRate,
		Double latencyP50Ms, Double latencyP99Ms, long compared, Double agreement, long labelled, Double accuracy,
		Double championAccuracy, Long onlyShadowRight, Long onlyChampionRight, Double meanAbsoluteError) {

	/**
	 * The summary of one key's stats.
	 * @param key whose
	 * @param stats what they are
	 * @return the summary
	 */
	public static LiveSummary of(LiveKey key, LiveStats stats) {
		boolean shadow = LiveKey.SHADOW.equals(key.role());
		return new LiveSummary(key.version(), key.role(), stats.requests(), stats.errors(), figure(stats.errorRate()),
				figure(stats.latency().quantile(0.5)), figure(stats.latency().quantile(0.99)), stats.compared(),
				figure(stats.agreement()), stats.labelled(), figure(stats.accuracy()),
				shadow ? figure(stats.championAccuracy()) : null, shadow ? stats.onlyShadowRight() : null,
				shadow ? stats.onlyChampionRight() : null,
				(stats.absoluteError() > 0 && stats.labelled() > 0) ? stats.absoluteError() / stats.labelled() : null);
	}

	private static Double figure(double value) {
		return Double.isNaN(value) ? null : value;
	}

}
