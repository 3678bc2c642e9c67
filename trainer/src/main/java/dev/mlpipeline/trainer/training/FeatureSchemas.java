package dev.mlpipeline.trainer.training;

import java.util.ArrayList;
import java.util.List;

import weka.core.Attribute;
import weka.core.Instances;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

/**
 * Describes a Weka header as the {@link FeatureSchema} serving validates requests
 * against: every attribute but the class as a required feature, the class attribute as
 * the target.
 */
final class FeatureSchemas {

	private FeatureSchemas() {
	}

	static FeatureSchema of(Instances header) {
		List<Feature> features = new ArrayList<>();
		for (int i = 0; i < header.numAttributes(); i++) {
			if (i != header.classIndex()) {
				features.add(feature(header.attribute(i), false));
			}
		}
		return new FeatureSchema(features, feature(header.classAttribute(), false));
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
