package dev.mlpipeline.mlflow.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature schema's JSON form and its compatibility rule.
 */
class FeatureSchemaTests {

	private final FeatureSchema iris = new FeatureSchema(
			List.of(new Feature("sepallength", FeatureType.NUMERIC, null, false),
					new Feature("petalwidth", FeatureType.NUMERIC, null, true)),
			new Feature("class", FeatureType.NOMINAL, List.of("setosa", "versicolor", "virginica"), false));

	@Test
	void readsBackWhatItWrites() {
		assertThat(FeatureSchema.read(this.iris.toJson())).isEqualTo(this.iris);
	}

	@Test
	void writesPlainJsonFieldNames() {
		assertThat(new String(this.iris.toJson())).contains("\"features\"", "\"target\"", "\"NOMINAL\"",
				"\"nullable\"");
	}

	@Test
	void isCompatibleWithTheSameFeaturesRegardlessOfNullability() {
		FeatureSchema relaxed = new FeatureSchema(List.of(new Feature("sepallength", FeatureType.NUMERIC, null, true),
				new Feature("petalwidth", FeatureType.NUMERIC, List.of(), true)), this.iris.target());
		assertThat(this.iris.compatibleWith(relaxed)).isTrue();
	}

	@Test
	void isIncompatibleWhenAFeatureTypeOrTheClassValuesChange() {
		FeatureSchema retyped = new FeatureSchema(
				List.of(new Feature("sepallength", FeatureType.STRING, null, false), this.iris.features().get(1)),
				this.iris.target());
		FeatureSchema newClass = new FeatureSchema(this.iris.features(),
				new Feature("class", FeatureType.NOMINAL, List.of("setosa", "other"), false));
		FeatureSchema fewer = new FeatureSchema(List.of(this.iris.features().get(0)), this.iris.target());
		assertThat(this.iris.compatibleWith(retyped)).isFalse();
		assertThat(this.iris.compatibleWith(newClass)).isFalse();
		assertThat(this.iris.compatibleWith(fewer)).isFalse();
		assertThat(this.iris.compatibleWith(null)).isFalse();
	}

}
