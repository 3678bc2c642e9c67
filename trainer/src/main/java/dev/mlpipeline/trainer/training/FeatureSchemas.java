package dev.mlpipeline.trainer.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import weka.core.Attribute;
import weka.core.Instances;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

/**
 * Describes a Weka header as the {@link FeatureSchema} serving validates requests
 * against: every attribute but the class as a feature, nullable when the training data
 * had a missing value for it (the model has learnt to handle one), the class attribute as
 * the target.
 */
final class FeatureSchemas {

	private FeatureSchemas() {
	}

	/**
	 * The schema of training data, nullable features read from its rows.
	 * @param data the data, class attribute set
	 * @return the schema
	 */
	static FeatureSchema of(Instances data) {
		return of(data, nullableFeatures(data));
	}

	/**
	 * The schema of a header.
	 * @param header the data's header, class attribute set
	 * @param nullable the names of the features that may be missing
	 * @return the schema
	 */
	static FeatureSchema of(Instances header, Set<String> nullable) {
		List<Feature> features = new ArrayList<>();
		for (int i = 0; i < header.numAttributes(); i++) {
			if (i != header.classIndex()) {
				Attribute attribute = header.attribute(i);
				features.add(feature(attribute, nullable.contains(attribute.name())));
			}
		}
		return new FeatureSchema(features, feature(header.classAttribute(), false));
	}

	/**
	 * The features with at least one missing value ({@code ?} or an empty cell) in the
	 * data.
	 * @param data the data, class attribute set
	 * @return their names, in attribute order
	 */
	static Set<String> nullableFeatures(Instances data) {
		Set<String> nullable = new LinkedHashSet<>();
		for (int i = 0; i < data.numAttributes(); i++) {
			if (i == data.classIndex()) {
				continue;
			}
			for (int row = 0; row < data.numInstances(); row++) {
				if (data.instance(row).isMissing(i)) {
					nullable.add(data.attribute(i).name());
					break;
				}
			}
		}
		return Collections.unmodifiableSet(nullable);
	}

	private static Feature feature(Attribute attribute, boolean nullable) {
		if (attribute.isNominal()) {
			List<String> values = new ArrayList<>();
			for (int v = 0; v < attribute.numValues(); v++) {
				values.add(attribute.value(v));
			}
			return new Feature(attribute.name(), FeatureType.NOMINAL, values, nullable);
		}
		if (attribute.isNumeric()) {
			return new Feature(attribute.name(), FeatureType.NUMERIC, List.of(), nullable);
		}
		return new Feature(attribute.name(), FeatureType.STRING, List.of(), nullable);
	}

}
