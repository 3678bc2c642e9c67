package dev.mlpipeline.kafka.signing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventSigningPropertiesTests {

	static final String KEY = EventSignatureTests.KEY;

	@Test
	void aBlankKeyMeansEventsAreNotSigned() {
		EventSigningProperties properties = new EventSigningProperties("", " ", Duration.ofMinutes(5));
		assertThat(properties.enabled()).isFalse();
		assertThat(properties.signingKey()).isNull();
		assertThat(properties.signingKeyPrevious()).isNull();
	}

	@Test
	void aKeyShorterThan32BytesStopsTheAppNamingTheVariable() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventSigningProperties("too-short", null, Duration.ofMinutes(5)))
			.withMessageContaining("PIPELINE_EVENT_SIGNING_KEY")
			.withMessageContaining("9 bytes")
			.withMessageContaining("at least 32");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventSigningProperties(KEY, "too-short", Duration.ofMinutes(5)))
			.withMessageContaining("PIPELINE_EVENT_SIGNING_KEY_PREVIOUS");
	}

	@Test
	void aPreviousKeyWithoutACurrentOneIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventSigningProperties(null, KEY, Duration.ofMinutes(5)))
			.withMessageContaining("PIPELINE_EVENT_SIGNING_KEY_PREVIOUS");
	}

	@Test
	void theAgeLimitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EventSigningProperties(KEY, null, Duration.ZERO))
			.withMessageContaining("PIPELINE_EVENT_MAX_AGE");
	}

	@Test
	void neverShowsTheKeys() {
		assertThat(new EventSigningProperties(KEY, KEY + "-old", Duration.ofMinutes(5)).toString()).doesNotContain(KEY);
	}

}
