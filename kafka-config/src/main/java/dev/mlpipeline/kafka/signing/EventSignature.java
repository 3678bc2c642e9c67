package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import dev.mlpipeline.kafka.signing.Verification.Invalid;
import dev.mlpipeline.kafka.signing.Verification.Reason;

/**
 * Signs and verifies one record, with no Kafka or Spring in sight, so the scheme is
 * tested on its own and any other producer can be checked against it.
 *
 * <p>
 * Signature: header {@value #SIGNATURE_HEADER} = {@code v1,} + Base64(HMAC-SHA256(key,
 * topic + "\n" + key + "\n" + timestamp + "\n" + value)), header
 * {@value #TIMESTAMP_HEADER} = the timestamp, epoch milliseconds as a decimal string;
 * text is UTF-8, the value is the record's exact bytes (empty for a {@code null} value),
 * a {@code null} key is the empty string. The topic is signed so a record cannot be
 * replayed onto another topic, the key so it cannot be moved to another model.
 *
 * <p>
 * Freshness is judged against a reference time the caller passes: the time the broker
 * appended the record ({@code LogAppendTime}), not the consumer's clock. Kafka is a
 * durable log: a job may wait hours for a trainer that is down, and a record is retried
 * for as long as MLflow is out; measured against "now", all of that work would be refused
 * as stale and lost. Measured against the append time, which the broker and not the
 * producer sets, a genuine record is always fresh (signed an instant before it was
 * appended) and an old signed record copied back onto the topic is stale.
 */
public final class EventSignature {

	/** Header holding the signing time, epoch milliseconds as a decimal string. */
	public static final String TIMESTAMP_HEADER = "pipeline-timestamp";

	/** Header holding {@code v1,} and the Base64 HMAC-SHA256. */
	public static final String SIGNATURE_HEADER = "pipeline-signature";

	/** Shortest key accepted, in bytes: the length of the HMAC-SHA256 output. */
	public static final int MIN_KEY_BYTES = 32;

	private static final String VERSION_PREFIX = "v1,";

	private static final String ALGORITHM = "HmacSHA256";

	private static final int MAC_BYTES = 32;

	private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

	private final SecretKeySpec current;

	private final @Nullable SecretKeySpec previous;

	private final Duration maxAge;

	/**
	 * A signer and verifier.
	 * @param currentKey the key records are signed with and verified against
	 * @param previousKey a second key also accepted when verifying, or {@code null}
	 * @param maxAge how far the signed time may lie from the reference time, either way
	 */
	public EventSignature(String currentKey, @Nullable String previousKey, Duration maxAge) {
		this.current = key(currentKey);
		this.previous = (previousKey != null) ? key(previousKey) : null;
		this.maxAge = maxAge;
	}

	/**
	 * A signer and verifier from the settings.
	 * @param properties settings with a signing key
	 * @return the signature
	 */
	public static EventSignature of(EventSigningProperties properties) {
		if (properties.signingKey() == null) {
			throw new IllegalArgumentException("No signing key: events are not signed");
		}
		return new EventSignature(properties.signingKey(), properties.signingKeyPrevious(), properties.maxAge());
	}

	/**
	 * The age limit.
	 * @return how far a signed time may lie from the reference time
	 */
	public Duration maxAge() {
		return this.maxAge;
	}

	/**
	 * The value of the {@value #SIGNATURE_HEADER} header for a record, signed with the
	 * current key.
	 * @param topic the topic the record goes to
	 * @param key the record key, {@code null} signs as the empty string
	 * @param timestampMillis the value of the {@value #TIMESTAMP_HEADER} header
	 * @param value the exact value bytes, {@code null} signs as empty
	 * @return {@code v1,} and the Base64 HMAC
	 */
	public String sign(String topic, @Nullable String key, long timestampMillis, byte @Nullable [] value) {
		return VERSION_PREFIX + Base64.getEncoder()
			.encodeToString(mac(this.current, topic, key, Long.toString(timestampMillis), value));
	}

	/**
	 * Verifies a record as it was read: its signature headers (each at most once) over
	 * its exact value bytes.
	 * @param topic the topic it was read from
	 * @param key its key, {@code null} when absent
	 * @param headers its headers
	 * @param value the exact value bytes, {@code null} as empty
	 * @param referenceMillis when the broker appended the record, epoch milliseconds
	 * @return valid, or the reason it is not
	 */
	public Verification verify(String topic, @Nullable String key, Headers headers, byte @Nullable [] value,
			long referenceMillis) {
		String timestamp = null;
		String signed = null;
		int timestampCount = 0;
		int signatureCount = 0;
		for (Header header : headers) {
			if (TIMESTAMP_HEADER.equals(header.key())) {
				timestamp = text(header.value());
				timestampCount++;
			}
			else if (SIGNATURE_HEADER.equals(header.key())) {
				signed = text(header.value());
				signatureCount++;
			}
		}
		if (timestampCount > 1 || signatureCount > 1) {
			return invalid(Reason.BAD_FORMAT, "it carries a signature header more than once, which makes it ambiguous",
					Map.of());
		}
		return verify(topic, key, timestamp, signed, value, referenceMillis);
	}

	/**
	 * Verifies a record.
	 * @param topic the topic the record was read from
	 * @param key the record key, {@code null} as the empty string
	 * @param timestamp the {@value #TIMESTAMP_HEADER} header as text, {@code null} when
	 * absent
	 * @param signature the {@value #SIGNATURE_HEADER} header as text, {@code null} when
	 * absent
	 * @param value the exact value bytes, {@code null} as empty
	 * @param referenceMillis when the broker appended the record, epoch milliseconds
	 * @return valid, or the reason it is not
	 */
	public Verification verify(String topic, @Nullable String key, @Nullable String timestamp,
			@Nullable String signature, byte @Nullable [] value, long referenceMillis) {
		if (signature == null) {
			return invalid(Reason.MISSING_SIGNATURE, "the record is not signed (no " + SIGNATURE_HEADER + " header)",
					Map.of());
		}
		if (timestamp == null) {
			return invalid(Reason.MISSING_TIMESTAMP,
					"the record has a signature but no " + TIMESTAMP_HEADER + " header", Map.of());
		}
		if (!DECIMAL.matcher(timestamp).matches()) {
			return invalid(Reason.BAD_FORMAT,
					"its " + TIMESTAMP_HEADER + " header is not epoch milliseconds as a decimal string", Map.of());
		}
		byte[] claimed = decode(signature);
		if (claimed == null) {
			return invalid(Reason.BAD_FORMAT,
					"its " + SIGNATURE_HEADER + " header is not 'v1,' followed by the Base64 of an HMAC-SHA256",
					Map.of());
		}
		boolean previousKey = false;
		if (!MessageDigest.isEqual(claimed, mac(this.current, topic, key, timestamp, value))) {
			if (this.previous == null
					|| !MessageDigest.isEqual(claimed, mac(this.previous, topic, key, timestamp, value))) {
				return invalid(Reason.FORGED,
						"its signature matches neither the signing key nor the previous key: it was not signed "
								+ "by a pipeline producer, or was altered after signing",
						Map.of());
			}
			previousKey = true;
		}
		long signedAt = Long.parseLong(timestamp);
		Duration age = Duration.ofMillis(referenceMillis - signedAt);
		if (age.compareTo(this.maxAge) > 0) {
			return invalid(Reason.STALE, "it was signed " + age + " before the broker appended it, more than "
					+ this.maxAge + ": an old record sent again", timing(signedAt, referenceMillis, age));
		}
		if (age.negated().compareTo(this.maxAge) > 0) {
			return invalid(Reason.FUTURE, "it was signed " + age.negated() + " after the broker appended it, more than "
					+ this.maxAge + ": the producer's clock is wrong", timing(signedAt, referenceMillis, age));
		}
		return new Verification.Valid(previousKey);
	}

	private static @Nullable String text(byte @Nullable [] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	@Override
	public String toString() {
		return "EventSignature[previousKey=" + (this.previous != null) + ", maxAge=" + this.maxAge + "]";
	}

	private static Invalid invalid(Reason reason, String message, Map<String, String> timing) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("signature", reason.code());
		details.putAll(timing);
		return new Invalid(reason, message, details);
	}

	private Map<String, String> timing(long signedAt, long referenceMillis, Duration age) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("signed_at", Instant.ofEpochMilli(signedAt).toString());
		details.put("appended_at", Instant.ofEpochMilli(referenceMillis).toString());
		details.put("age", age.toString());
		details.put("max_age", this.maxAge.toString());
		return details;
	}

	private static byte @Nullable [] decode(String signature) {
		if (!signature.startsWith(VERSION_PREFIX)) {
			return null;
		}
		try {
			byte[] mac = Base64.getDecoder().decode(signature.substring(VERSION_PREFIX.length()));
			return (mac.length == MAC_BYTES) ? mac : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] mac(SecretKeySpec secret, String topic, @Nullable String key, String timestamp,
			byte @Nullable [] value) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(secret);
			mac.update(topic.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '\n');
			mac.update(((key != null) ? key : "").getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '\n');
			mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) '\n');
			if (value != null) {
				mac.update(value);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", ex);
		}
	}

	private static SecretKeySpec key(String key) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException(
					"A signing key needs at least " + MIN_KEY_BYTES + " bytes, this one has " + bytes.length);
		}
		return new SecretKeySpec(bytes, ALGORITHM);
	}

}
