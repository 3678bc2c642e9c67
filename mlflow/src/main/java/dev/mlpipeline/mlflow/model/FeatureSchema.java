package dev.mlpipeline.mlflow.model;

import java.util.List;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * The input features and target a model was trained on, stored next to the model so
 * serving can validate requests and the promoter can refuse a version whose inputs
 * changed.
 *
 * @param features the input features, in training order
 * @param target the class attribute
 */
public record FeatureSchema(List<Feature> features, Feature target) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	public FeatureSchema {
		features = (features != null) ? List.copyOf(features) : List.of();
	}

	/**
	 * Whether a model with this schema can take the requests of a model with the other:
	 * same feature names and types in the same order, same nominal values and same
	 * target.
	 * @param other the other schema
	 * @return {@code true} when compatible
	 */
	public boolean compatibleWith(FeatureSchema other) {
		if (other == null || this.features.size() != other.features.size()) {
			return false;
		}
		for (int i = 0; i < this.features.size(); i++) {
			if (!this.features.get(i).sameShape(other.features.get(i))) {
				return false;
			}
		}
		return (this.target == null) ? other.target == null : this.target.sameShape(other.target);
	}

	/**
	 * Reads a schema from its JSON form.
	 * @param json the bytes of {@code schema.json}
	 * @return the schema
	 */
	public static FeatureSchema read(byte[] json) {
		return MAPPER.readValue(json, FeatureSchema.class);
	}

	/**
	 * Writes this schema as JSON.
	 * @return the bytes of {@code schema.json}
	 */
	public byte[] toJson() {
		return MAPPER.writeValueAsBytes(this);
	}

	/**
	 * One input feature or the target.
	 *
	 * @param name the attribute name
	 * @param type its type
	 * @param values the allowed values of a nominal attribute, empty otherwise
	 * @param nullable whether a request may omit it
	 */
	public record Feature(String name, FeatureType type, List<String> values, boolean nullable) {

		public Feature {
			values = (values != null) ? List.copyOf(values) : List.of();
		}

		boolean sameShape(Feature other) {
			return other != null && Objects.equals(this.name, other.name) && this.type == other.type
					&& this.values.equals(other.values);
		}

	}

	/**
	 * The kinds of attribute a Weka model takes.
	 */
	public enum FeatureType {

		/** A number. */
		NUMERIC,
		/** One of a fixed set of values. */
		NOMINAL,
		/** Free text. */
		STRING

	}

}
