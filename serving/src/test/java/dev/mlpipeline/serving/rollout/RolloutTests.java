package dev.mlpipeline.serving.rollout;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RolloutTests {

	@Test
	void readsShadowAndCanaryTags() {
		assertThat(Rollout.parse("shadow")).isEqualTo(new Rollout(Rollout.Mode.SHADOW, 0));
		assertThat(Rollout.parse(" Canary:20 ")).isEqualTo(new Rollout(Rollout.Mode.CANARY, 20));
		assertThat(Rollout.parse("canary:12.5%")).isEqualTo(new Rollout(Rollout.Mode.CANARY, 12.5));
		assertThat(Rollout.parse("canary:20")).hasToString("canary:20");
		assertThat(Rollout.parse("canary:12.5")).hasToString("canary:12.5");
		assertThat(Rollout.parse("shadow")).hasToString("shadow");
	}

	@Test
	void refusesATagThatSaysNeither() {
		for (String bad : new String[] { "canary", "canary:", "canary:120", "canary:-1", "canary:lots",
				"blue-green" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> Rollout.parse(bad))
				.withMessageStartingWith("the 'rollout' tag must be 'shadow' or 'canary:<percent 0-100>', not '");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> Rollout.parse(null))
			.withMessageContaining("has no 'rollout' tag");
	}

	@Test
	void aCanaryAt20PercentAnswers20PercentOfTenThousandDistinctKeysWithinTwoPoints() {
		Rollout canary = Rollout.parse("canary:20");
		int challenger = 0;
		for (int i = 0; i < 10_000; i++) {
			if (canary.answeredByChallenger(UUID.randomUUID().toString())) {
				challenger++;
			}
		}
		assertThat(challenger).isBetween(1_800, 2_200);
	}

	@Test
	void oneKeyAlwaysGetsTheSameAnswerAndTheBucketIsTheSameOnEveryJvm() {
		Rollout canary = Rollout.parse("canary:50");
		String key = "customer-42";
		boolean first = canary.answeredByChallenger(key);
		for (int i = 0; i < 100; i++) {
			assertThat(canary.answeredByChallenger(key)).isEqualTo(first);
		}
		// SHA-256("customer-42") starts a0 45 eb 33 (sha256sum): unsigned 0xa045eb33 mod
		// 10000
		assertThat(Rollout.bucket("customer-42")).isEqualTo(Integer.remainderUnsigned(0xa045eb33, 10_000));
	}

	@Test
	void aShadowAnswersNothingAndTheEdgesOfACanaryHold() {
		assertThat(Rollout.parse("shadow").answeredByChallenger("any")).isFalse();
		assertThat(Rollout.parse("canary:0").answeredByChallenger("any")).isFalse();
		assertThat(Rollout.parse("canary:100").answeredByChallenger("any")).isTrue();
	}

}
