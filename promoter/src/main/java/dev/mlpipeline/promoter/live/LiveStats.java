package dev.mlpipeline.promoter.live;

/**
 * What live traffic showed of one version in one role over a span of time: a window of
 * the topology, or the sum of windows since a rollout began. Every field is a count (or a
 * sketch of counts), so stats of adjacent windows add up exactly.
 *
 * <p>
 * For a version in the role {@value LiveKey#SHADOW}, requests are the requests it scored
 * beside the champion; {@code compared} and {@code agreed} count the rows where both
 * predicted a label, and the rows where the labels were the same; its labelled rows are
 * paired with the champion's answers to the same rows ({@code championCorrect},
 * {@code onlyChampionRight}, {@code onlyShadowRight}).
 *
 * @param requests requests answered (or, for a shadow, scored)
 * @param errors requests answered with an error
 * @param latency the sketch of answer latencies, in milliseconds (empty for a shadow,
 * whose work is off the request's path)
 * @param compared rows a shadow and the champion both predicted a label for
 * @param agreed of those, rows with the same label
 * @param labelled rows whose true outcome arrived as feedback
 * @param correct of those, rows predicted right (the true label, for a nominal class)
 * @param absoluteError the sum of absolute errors of the labelled rows of a numeric class
 * @param championCorrect for a shadow, how many of its labelled rows the champion got
 * right
 * @param onlyShadowRight for a shadow, labelled rows it got right and the champion wrong
 * @param onlyChampionRight for a shadow, labelled rows the champion got right and it
 * wrong
 */
public record LiveStats(long requests, long errors, LatencySketch latency, long compared, long agreed, long labelled,
		long correct, double absoluteError, long championCorrect, long onlyShadowRight, long onlyChampionRight) {

	private static final LiveStats EMPTY = new LiveStats(0, 0, LatencySketch.empty(), 0, 0, 0, 0, 0, 0, 0, 0);

	public LiveStats {
		latency = (latency != null) ? latency : LatencySketch.empty();
	}

	/**
	 * No evidence at all.
	 * @return the empty stats
	 */
	public static LiveStats empty() {
		return EMPTY;
	}

	/**
	 * One answered request.
	 * @param error whether it was answered with an error
	 * @param latencyMs its latency in milliseconds
	 * @return the stats of that request alone
	 */
	public static LiveStats answered(boolean error, double latencyMs) {
		return new LiveStats(1, error ? 1 : 0, LatencySketch.of(latencyMs), 0, 0, 0, 0, 0, 0, 0, 0);
	}

	/**
	 * One request a shadow scored beside the champion.
	 * @param compared the rows both predicted a label for
	 * @param agreed of those, the rows with the same label
	 * @return the stats of that request alone
	 */
	public static LiveStats shadowed(long compared, long agreed) {
		return new LiveStats(1, 0, LatencySketch.empty(), compared, agreed, 0, 0, 0, 0, 0, 0);
	}

	/**
	 * One labelled row of a version that answered it.
	 * @param correct whether it predicted the true label
	 * @param absoluteError its absolute error, for a numeric class (else 0)
	 * @return the stats of that row alone
	 */
	public static LiveStats labelled(boolean correct, double absoluteError) {
		return new LiveStats(0, 0, LatencySketch.empty(), 0, 0, 1, correct ? 1 : 0, absoluteError, 0, 0, 0);
	}

	/**
	 * One labelled row a shadow scored, paired with the champion's answer to it.
	 * @param shadowCorrect whether the shadow predicted the true label
	 * @param championCorrect whether the champion did
	 * @param absoluteError the shadow's absolute error, for a numeric class (else 0)
	 * @return the stats of that row alone
	 */
	public static LiveStats pairedLabel(boolean shadowCorrect, boolean championCorrect, double absoluteError) {
		return new LiveStats(0, 0, LatencySketch.empty(), 0, 0, 1, shadowCorrect ? 1 : 0, absoluteError,
				championCorrect ? 1 : 0, (shadowCorrect && !championCorrect) ? 1 : 0,
				(championCorrect && !shadowCorrect) ? 1 : 0);
	}

	/**
	 * These stats and another's together.
	 * @param other stats of another window or record
	 * @return their sum
	 */
	public LiveStats plus(LiveStats other) {
		return new LiveStats(this.requests + other.requests, this.errors + other.errors,
				this.latency.plus(other.latency), this.compared + other.compared, this.agreed + other.agreed,
				this.labelled + other.labelled, this.correct + other.correct, this.absoluteError + other.absoluteError,
				this.championCorrect + other.championCorrect, this.onlyShadowRight + other.onlyShadowRight,
				this.onlyChampionRight + other.onlyChampionRight);
	}

	/**
	 * The share of requests answered with an error.
	 * @return the error rate, {@code NaN} without requests
	 */
	public double errorRate() {
		return ratio(this.errors, this.requests);
	}

	/**
	 * The share of compared rows a shadow labelled as the champion did.
	 * @return the agreement, {@code NaN} without compared rows
	 */
	public double agreement() {
		return ratio(this.agreed, this.compared);
	}

	/**
	 * The share of labelled rows predicted right.
	 * @return the live accuracy, {@code NaN} without labels
	 */
	public double accuracy() {
		return ratio(this.correct, this.labelled);
	}

	/**
	 * For a shadow, the champion's accuracy on the same labelled rows.
	 * @return the champion's paired accuracy, {@code NaN} without labels
	 */
	public double championAccuracy() {
		return ratio(this.championCorrect, this.labelled);
	}

	private static double ratio(long part, long whole) {
		return (whole > 0) ? (double) part / whole : Double.NaN;
	}

}
