package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of event signing, under {@code pipeline.event} ({@code PIPELINE_EVENT_*} in
 * the environment). A key shorter than {@value EventSignature#MIN_KEY_BYTES} bytes stops
 * the app at start: HMAC-SHA256 is only as strong as its key, a short one can be guessed
 * offline from any record on a topic, and a refused start is noticed where a warning in a
 * log is not.
 *
 * @param signingKey the shared key every producer signs with and every consumer verifies
 * with; blank means events are neither signed nor verified
 * @param signingKeyPrevious a second key accepted when verifying, never used to sign: the
 * key being rotated out (or in)
 * @param maxAge how far a record's signed time may lie from the time the broker appended
 * it, either way
 */
@ConfigurationProperties("pipeline.event")
public record EventSigningProperties(@Nullable String signingKey, @Nullable String signingKeyPrevious,
		@DefaultValue("5m") Duration maxAge) {

	public EventSigningProperties {
		signingKey = blankToNull(signingKey);
		signingKeyPrevious = blankToNull(signingKeyPrevious);
		if (signingKey == null && signingKeyPrevious != null) {
			throw new IllegalArgumentException(
					"PIPELINE_EVENT_SIGNING_KEY_PREVIOUS (pipeline.event.signing-key-previous)"
							+ " is set but PIPELINE_EVENT_SIGNING_KEY (pipeline.event.signing-key) is not: "
							+ "set the current key too, or neither");
		}
		requireLength("PIPELINE_EVENT_SIGNING_KEY (pipeline.event.signing-key)", signingKey);
		requireLength("PIPELINE_EVENT_SIGNING_KEY_PREVIOUS (pipeline.event.signing-key-previous)", signingKeyPrevious);
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException(
					"PIPELINE_EVENT_MAX_AGE (pipeline.event.max-age) must be positive, was " + maxAge);
		}
	}

	/**
	 * Whether events are signed and verified.
	 * @return {@code true} when a signing key is set
	 */
	public boolean enabled() {
		return this.signingKey != null;
	}

	@Override
	public String toString() {
		return "EventSigningProperties[signingKey=" + mask(this.signingKey) + ", signingKeyPrevious="
				+ mask(this.signingKeyPrevious) + ", maxAge=" + this.maxAge + "]";
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static void requireLength(String name, @Nullable String key) {
		if (key != null && key.getBytes(StandardCharsets.UTF_8).length < EventSignature.MIN_KEY_BYTES) {
			throw new IllegalArgumentException(name + " is " + key.getBytes(StandardCharsets.UTF_8).length
					+ " bytes long; an HMAC-SHA256 key needs at least " + EventSignature.MIN_KEY_BYTES
					+ " (for instance the output of: openssl rand -base64 32)");
		}
	}

	private static String mask(@Nullable String key) {
		return (key != null) ? "(set)" : "(none)";
	}

}
