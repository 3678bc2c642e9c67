package dev.mlpipeline.serving.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * How a challenger takes part in a model's traffic, as the version tag {@code rollout}
 * says: {@code shadow} (the champion answers every request; the challenger scores the
 * same rows off the request's path) or {@code canary:<percent>} (that share of routing
 * keys is answered by the challenger). A canary routes by a hash of the routing key that
 * is the same on every replica and every restart, so one caller sticks to one version.
 *
 * @param mode shadow or canary
 * @param percent the canary's share of routing keys, 0 to 100; 0 for a shadow
 */
public record Rollout(Mode mode, double percent) {

	/** The version tag that says how a challenger is rolled out. */
	public static final String TAG = "rollout";

	/** Routing keys fall in this many buckets; a percent may have two decimals. */
	static final int BUCKETS = 10_000;

	public Rollout {
		if (mode == null || !(percent >= 0 && percent <= 100)) {
			throw new IllegalArgumentException("a rollout needs a mode and a percent between 0 and 100");
		}
	}

	/**
	 * Reads the {@code rollout} tag.
	 * @param tag the tag's value
	 * @return the rollout
	 * @throws IllegalArgumentException naming what is wrong with the value
	 */
	public static Rollout parse(String tag) {
		if (tag == null || tag.isBlank()) {
			throw new IllegalArgumentException("the challenger has no '" + TAG + "' tag (shadow or canary:<percent>)");
		}
		String value = tag.strip().toLowerCase(Locale.ROOT);
		if (value.equals("shadow")) {
			return new Rollout(Mode.SHADOW, 0);
		}
		if (value.startsWith("canary:")) {
			String percent = value.substring("canary:".length()).replace("%", "").strip();
			try {
				double share = Double.parseDouble(percent);
				if (share >= 0 && share <= 100) {
					return new Rollout(Mode.CANARY, share);
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
		}
		throw new IllegalArgumentException("the '" + TAG + "' tag must be 'shadow' or 'canary:<percent 0-100>', not '"
				+ ((tag.length() > 40) ? tag.substring(0, 40) + "..." : tag) + "'");
	}

	/**
	 * Whether a request is answered by the challenger.
	 * @param routingKey the caller's routing key
	 * @return {@code true} for a canary whose share the key's bucket falls in; never for
	 * a shadow
	 */
	public boolean answeredByChallenger(String routingKey) {
		return this.mode == Mode.CANARY && bucket(routingKey) < Math.round(this.percent * BUCKETS / 100);
	}

	/**
	 * The tag value of this rollout.
	 * @return {@code shadow} or {@code canary:<percent>}
	 */
	@Override
	public String toString() {
		if (this.mode == Mode.SHADOW) {
			return "shadow";
		}
		return "canary:" + ((this.percent == Math.rint(this.percent)) ? String.valueOf((long) this.percent)
				: String.valueOf(this.percent));
	}

	/**
	 * The bucket of a routing key: the first four bytes of its SHA-256, modulo
	 * {@link #BUCKETS}, so it does not depend on the JVM's string hashing.
	 */
	static int bucket(String routingKey) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(routingKey.getBytes(StandardCharsets.UTF_8));
			int value = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8)
					| (digest[3] & 0xff);
			return Integer.remainderUnsigned(value, BUCKETS);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** How the challenger takes part. */
	public enum Mode {

		/** Scores every request's rows beside the champion, answers none. */
		SHADOW,
		/** Answers a share of the requests. */
		CANARY

	}

}
