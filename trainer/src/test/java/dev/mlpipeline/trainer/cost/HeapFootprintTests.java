package dev.mlpipeline.trainer.cost;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class HeapFootprintTests {

	@Test
	void keepsJolFromAttachingToItsOwnJvm() {
		HeapFootprint.of(new Object());
		assertThat(System.getProperty(HeapFootprint.SKIP_DYNAMIC_ATTACH)).isEqualTo("true");
		assertThat(System.getProperty(HeapFootprint.SKIP_SA_ATTACH)).isEqualTo("true");
	}

	@Test
	void countsEveryElementOfAnArray() {
		assertThat(HeapFootprint.of(new long[1000]) - HeapFootprint.of(new long[0])).isEqualTo(8000);
	}

	@Test
	void followsReferencesAndCountsASharedObjectOnce() {
		long[] big = new long[1000];
		long alone = HeapFootprint.of(big);
		assertThat(HeapFootprint.of(new Object[] { big })).isGreaterThan(alone);
		assertThat(HeapFootprint.of(new Object[] { big, big })).isLessThan(2 * alone);
	}

	@Test
	void namesTheGraphItCannotLayOut() {
		assertThatIllegalStateException().isThrownBy(() -> HeapFootprint.of(new Point(1, 2)))
			.withMessageStartingWith("cannot measure the heap of " + Point.class.getName() + ": ")
			.withMessageContaining("record");
	}

	record Point(int x, int y) {
	}

}
