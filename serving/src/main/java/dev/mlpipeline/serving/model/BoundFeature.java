package dev.mlpipeline.serving.model;

import java.util.List;
import java.util.Map;

import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

/**
 * One schema feature tied to its attribute in the model's header, so a request value can
 * be checked and placed without looking anything up by name twice.
 *
 * @param name the feature name
 * @param position its position in the schema (and in positional MLflow rows)
 * @param index the attribute index in the model's header
 * @param type its type
 * @param values the allowed nominal values, in schema order
 * @param valueIndex each nominal value's index in the header attribute
 * @param nullable whether a row may leave it out or send {@code null}
 */
public record BoundFeature(String name, int position, int index, FeatureType type, List<String> values,
		Map<String, Integer> valueIndex, boolean nullable) {

}
