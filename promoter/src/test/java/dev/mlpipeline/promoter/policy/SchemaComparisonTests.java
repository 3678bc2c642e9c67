package dev.mlpipeline.promoter.policy;

import java.util.List;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaComparisonTests {

	private static final Feature CLASS = new Feature("class", FeatureType.NOMINAL, List.of("yes", "no"), false);

	private static final FeatureSchema BASE = new FeatureSchema(List.of(numeric("a"), numeric("b")), CLASS);

	@Test
	void sameFeaturesAndClassesAreCompatible() {
		assertThat(SchemaComparison.compare(BASE, new FeatureSchema(List.of(numeric("a"), numeric("b")), CLASS)))
			.isEqualTo(SchemaCheck.compatible());
	}

	@Test
	void namesMissingAndNewFeatures() {
		SchemaCheck check = SchemaComparison.compare(new FeatureSchema(List.of(numeric("a"), numeric("c")), CLASS),
				BASE);
		assertThat(check.compatibility()).isEqualTo(SchemaCheck.Compatibility.INCOMPATIBLE);
		assertThat(check.detail()).isEqualTo("features missing [b]; new features [c]");
	}

	@Test
	void namesAFeatureWhoseTypeChanged() {
		FeatureSchema nominalB = new FeatureSchema(
				List.of(numeric("a"), new Feature("b", FeatureType.NOMINAL, List.of("x"), false)), CLASS);
		assertThat(SchemaComparison.compare(nominalB, BASE).detail()).isEqualTo("feature b is NOMINAL, was NUMERIC");
	}

	@Test
	void namesChangedClasses() {
		FeatureSchema moreClasses = new FeatureSchema(BASE.features(),
				new Feature("class", FeatureType.NOMINAL, List.of("yes", "no", "maybe"), false));
		assertThat(SchemaComparison.compare(moreClasses, BASE).detail())
			.isEqualTo("target class values [yes, no, maybe], were [yes, no]");
	}

	@Test
	void namesAChangedTargetAndFeatureOrder() {
		FeatureSchema swapped = new FeatureSchema(List.of(numeric("b"), numeric("a")),
				new Feature("label", FeatureType.NOMINAL, List.of("yes", "no"), false));
		assertThat(SchemaComparison.compare(swapped, BASE).detail())
			.isEqualTo("feature order differs; target label vs class");
	}

	private static Feature numeric(String name) {
		return new Feature(name, FeatureType.NUMERIC, List.of(), false);
	}

}
