package dev.mlpipeline.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EventKeysTests {

	@Test
	void acceptsARecordKeyedByItsModel() {
		assertThatNoException().isThrownBy(() -> EventKeys.requireModelKey("training-jobs", "iris", "iris"));
	}

	@Test
	void refusesARecordKeyedByAnotherModelNamingBoth() {
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> EventKeys.requireModelKey("training-jobs", "other", "iris"))
			.withMessageContaining("keyed 'other'")
			.withMessageContaining("model 'iris'");
	}

	@Test
	void refusesAnUnkeyedRecord() {
		assertThatExceptionOfType(RejectedEventException.class)
			.isThrownBy(() -> EventKeys.requireModelKey("model-promoted", null, "iris"))
			.withMessageContaining("keyed null");
	}

}
