package dev.mlpipeline.kafka.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.signing.Verification.Valid;

import static org.assertj.core.api.Assertions.assertThat;

class SigningProducerInterceptorTests {

	private final EventSignature signature = new EventSignature(EventSignatureTests.KEY, null, Duration.ofMinutes(5));

	@Test
	void aRecordWhoseKeyIsAlreadyBytesIsSignedOverTheKeysText() {
		SigningProducerInterceptor interceptor = new SigningProducerInterceptor();
		interceptor.configure(Map.of(SigningProducerInterceptor.SIGNATURE_CONFIG, this.signature));
		byte[] value = "{\"model\":\"iris\"}".getBytes(StandardCharsets.UTF_8);
		ProducerRecord<Object, Object> signed = interceptor
			.onSend(new ProducerRecord<>("live-stats", "iris".getBytes(StandardCharsets.UTF_8), value));
		assertThat(this.signature.verify("live-stats", "iris", signed.headers(), (byte[]) signed.value(),
				System.currentTimeMillis()))
			.isEqualTo(new Valid(false));
	}

}
