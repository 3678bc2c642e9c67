package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.signing.Verification.Invalid;
import dev.mlpipeline.kafka.signing.Verification.Reason;
import dev.mlpipeline.kafka.signing.Verification.Valid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventSignatureTests {

	static final String KEY = "0123456789abcdef0123456789abcdef-kat";

	static final String OTHER_KEY = "another-key-of-at-least-thirty-two-bytes";

	static final long AT = 1767225600000L;

	static final byte[] VALUE = "{\"eventId\":\"e-1\",\"modelName\":\"iris-classifier\",\"version\":\"3\"}"
		.getBytes(StandardCharsets.UTF_8);

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	final EventSignature signature = new EventSignature(KEY, null, MAX_AGE);

	@Test
	void signsLikeOpensslOverTopicKeyTimestampAndValueSeparatedByNewlines() {
		// printf '%s\n%s\n%s\n%s' model-promoted iris-classifier 1767225600000 "$VALUE" \
		// | openssl dgst -sha256 -hmac "$KEY" -binary | base64
		assertThat(this.signature.sign("model-promoted", "iris-classifier", AT, VALUE))
			.isEqualTo("v1,R51No7cLJiV2mC206IIKZozT55FU1sQomeNqK1PpFek=");
	}

	@Test
	void signsANullKeyAndANullValueAsEmptyText() {
		// printf '%s\n%s\n%s\n%s' training-jobs '' 1767225600000 '' | openssl dgst ...
		assertThat(this.signature.sign("training-jobs", null, AT, null))
			.isEqualTo("v1,emyvZFYefcgQMiySZR9UYOcAKA/TMCZEZdzH2WW+RMA=");
	}

	@Test
	void encodesKeysAndTextAsUtf8() {
		EventSignature unicode = new EventSignature("schlüssel-ünïcødé-0123456789abcdef", null, MAX_AGE);
		assertThat(unicode.sign("training-jobs", "modèle-é", AT, "{\"n\":\"é\"}".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("v1,IQ/RQgiqIOlbbkdxP5wqprl0i6wLp/79u37ScNuz+JU=");
	}

	@Test
	void readsTheSignatureFromARecordsHeadersAndRefusesOneThatCarriesItTwice() {
		String signed = this.signature.sign("predictions", "m", AT, VALUE);
		RecordHeaders headers = new RecordHeaders();
		headers.add(EventSignature.TIMESTAMP_HEADER, String.valueOf(AT).getBytes(StandardCharsets.UTF_8));
		headers.add(EventSignature.SIGNATURE_HEADER, signed.getBytes(StandardCharsets.UTF_8));
		assertThat(this.signature.verify("predictions", "m", headers, VALUE, AT + 1000)).isEqualTo(new Valid(false));
		headers.add(EventSignature.SIGNATURE_HEADER, signed.getBytes(StandardCharsets.UTF_8));
		assertThat(this.signature.verify("predictions", "m", headers, VALUE, AT + 1000)).isInstanceOfSatisfying(
				Invalid.class, (invalid) -> assertThat(invalid.reason()).isEqualTo(Reason.BAD_FORMAT));
		assertThat(this.signature.verify("predictions", "m", new RecordHeaders(), VALUE, AT)).isInstanceOfSatisfying(
				Invalid.class, (invalid) -> assertThat(invalid.reason()).isEqualTo(Reason.MISSING_SIGNATURE));
	}

	@Test
	void acceptsARecordItSignedWithinTheAgeLimit() {
		String signed = this.signature.sign("model-promoted", "m", AT, VALUE);
		assertThat(verify(this.signature, "model-promoted", "m", signed, VALUE, AT + 1000)).isEqualTo(new Valid(false));
		assertThat(verify(this.signature, "model-promoted", "m", signed, VALUE, AT + MAX_AGE.toMillis()))
			.isEqualTo(new Valid(false));
	}

	@Test
	void refusesARecordWithoutSignature() {
		assertThat(reason(this.signature.verify("t", "m", Long.toString(AT), null, VALUE, AT)))
			.isEqualTo(Reason.MISSING_SIGNATURE);
		assertThat(reason(this.signature.verify("t", "m", null, null, VALUE, AT))).isEqualTo(Reason.MISSING_SIGNATURE);
	}

	@Test
	void refusesASignatureWithoutTimestamp() {
		String signed = this.signature.sign("t", "m", AT, VALUE);
		assertThat(reason(this.signature.verify("t", "m", null, signed, VALUE, AT)))
			.isEqualTo(Reason.MISSING_TIMESTAMP);
	}

	@Test
	void refusesHeadersNotInTheSchemesShape() {
		String signed = this.signature.sign("t", "m", AT, VALUE);
		assertThat(reason(this.signature.verify("t", "m", "2026-01-01T00:00:00Z", signed, VALUE, AT)))
			.isEqualTo(Reason.BAD_FORMAT);
		assertThat(reason(this.signature.verify("t", "m", "-5", signed, VALUE, AT))).isEqualTo(Reason.BAD_FORMAT);
		assertThat(reason(verify(this.signature, "t", "m", "v2," + signed.substring(3), VALUE, AT)))
			.isEqualTo(Reason.BAD_FORMAT);
		assertThat(reason(verify(this.signature, "t", "m", signed.substring(3), VALUE, AT)))
			.isEqualTo(Reason.BAD_FORMAT);
		assertThat(reason(verify(this.signature, "t", "m", "v1,not*base64", VALUE, AT))).isEqualTo(Reason.BAD_FORMAT);
		assertThat(reason(verify(this.signature, "t", "m", "v1,AAAA", VALUE, AT))).isEqualTo(Reason.BAD_FORMAT);
	}

	@Test
	void refusesARecordSignedWithAnotherKeyAsForged() {
		String forged = new EventSignature(OTHER_KEY, null, MAX_AGE).sign("t", "m", AT, VALUE);
		Verification verification = verify(this.signature, "t", "m", forged, VALUE, AT);
		assertThat(reason(verification)).isEqualTo(Reason.FORGED);
		assertThat(((Invalid) verification).details()).containsEntry("signature", "forged");
	}

	@Test
	void refusesARecordAlteredAfterSigningInAnyPartAsForged() {
		String signed = this.signature.sign("model-promoted", "m", AT, VALUE);
		byte[] altered = new String(VALUE, StandardCharsets.UTF_8).replace("\"3\"", "\"4\"")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(reason(verify(this.signature, "model-promoted", "m", signed, altered, AT))).isEqualTo(Reason.FORGED);
		assertThat(reason(verify(this.signature, "model-registered", "m", signed, VALUE, AT))).isEqualTo(Reason.FORGED);
		assertThat(reason(verify(this.signature, "model-promoted", "other", signed, VALUE, AT)))
			.isEqualTo(Reason.FORGED);
		assertThat(reason(this.signature.verify("model-promoted", "m", Long.toString(AT + 1), signed, VALUE, AT)))
			.isEqualTo(Reason.FORGED);
	}

	@Test
	void acceptsThePreviousKeyForVerificationAndSaysSo() {
		EventSignature rotated = new EventSignature(OTHER_KEY, KEY, MAX_AGE);
		String oldSignature = this.signature.sign("t", "m", AT, VALUE);
		assertThat(verify(rotated, "t", "m", oldSignature, VALUE, AT)).isEqualTo(new Valid(true));
		assertThat(rotated.sign("t", "m", AT, VALUE)).isNotEqualTo(oldSignature)
			.isEqualTo(new EventSignature(OTHER_KEY, null, MAX_AGE).sign("t", "m", AT, VALUE));
	}

	@Test
	void refusesARecordSignedLongerAgoThanTheLimitBeforeItWasAppendedAsStale() {
		String signed = this.signature.sign("t", "m", AT, VALUE);
		Verification verification = verify(this.signature, "t", "m", signed, VALUE, AT + MAX_AGE.toMillis() + 1);
		assertThat(reason(verification)).isEqualTo(Reason.STALE);
		assertThat(((Invalid) verification).details()).containsEntry("signature", "stale")
			.containsEntry("signed_at", "2026-01-01T00:00:00Z")
			.containsEntry("appended_at", "2026-01-01T00:05:00.001Z")
			.containsEntry("age", "PT5M0.001S")
			.containsEntry("max_age", "PT5M");
	}

	@Test
	void refusesARecordSignedFurtherAfterItWasAppendedThanTheLimitAsFromTheFuture() {
		String signed = this.signature.sign("t", "m", AT, VALUE);
		assertThat(reason(verify(this.signature, "t", "m", signed, VALUE, AT - MAX_AGE.toMillis() - 1)))
			.isEqualTo(Reason.FUTURE);
		assertThat(verify(this.signature, "t", "m", signed, VALUE, AT - MAX_AGE.toMillis()))
			.isEqualTo(new Valid(false));
	}

	@Test
	void refusesKeysShorterThan32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EventSignature("short", null, MAX_AGE))
			.withMessageContaining("32");
		assertThatIllegalArgumentException().isThrownBy(() -> new EventSignature(KEY, "short", MAX_AGE));
	}

	@Test
	void neverShowsItsKeys() {
		assertThat(new EventSignature(KEY, OTHER_KEY, MAX_AGE).toString()).doesNotContain(KEY, OTHER_KEY);
	}

	private static Verification verify(EventSignature signature, String topic, String key, String signed, byte[] value,
			long reference) {
		return signature.verify(topic, key, Long.toString(AT), signed, value, reference);
	}

	private static Reason reason(Verification verification) {
		assertThat(verification).isInstanceOf(Invalid.class);
		return ((Invalid) verification).reason();
	}

}
