package dev.mlpipeline.serving.prediction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

import org.springframework.http.HttpStatus;

import dev.mlpipeline.serving.model.BoundFeature;
import dev.mlpipeline.serving.model.LoadedModel;

import static dev.mlpipeline.serving.prediction.InvalidRequestException.invalid;

/**
 * Reads a request body into Weka rows of the model's header, checking every value against
 * the model's feature schema so each refusal names its row and field. Understands the
 * {@code /predict} shape and the four input formats of MLflow's scoring server.
 */
final class RequestReader {

	static final List<String> MLFLOW_FORMATS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

	private final JsonMapper mapper;

	private final int maxBatchSize;

	RequestReader(JsonMapper mapper, int maxBatchSize) {
		this.mapper = mapper;
		this.maxBatchSize = maxBatchSize;
	}

	/**
	 * Rows of a {@code /predict} body: {@code {"instances": [{feature: value}, ...]}}.
	 * @param body the request body
	 * @param model the model the rows are for
	 * @return the rows, attached to the model's header, and as given
	 */
	Rows predictRows(byte[] body, LoadedModel model) {
		JsonNode root = parse(body);
		JsonNode instances = root.get("instances");
		if (instances == null || !instances.isArray()) {
			throw invalid("missing_instances", "the body must have an \"instances\" array of rows", null, "instances");
		}
		checkSize(instances.size());
		Instances dataset = dataset(model);
		Instance[] rows = new Instance[instances.size()];
		List<Iterable<Map.Entry<String, JsonNode>>> given = new ArrayList<>(rows.length);
		for (int i = 0; i < rows.length; i++) {
			JsonNode row = instances.get(i);
			if (!row.isObject()) {
				throw invalid("invalid_row", "row " + i + " must be an object of named features", i, null);
			}
			given.add(row.properties());
			rows[i] = build(model, dataset, i, row.properties());
		}
		return new Rows(rows, given);
	}

	/**
	 * Rows of an {@code /invocations} body in any of MLflow's input formats.
	 * @param body the request body
	 * @param model the model the rows are for
	 * @return the rows, attached to the model's header, and as given
	 */
	Rows invocationRows(byte[] body, LoadedModel model) {
		JsonNode root = parse(body);
		List<String> present = MLFLOW_FORMATS.stream().filter(root::has).toList();
		if (present.size() != 1) {
			throw invalid("invalid_format", "the body must have exactly one of " + MLFLOW_FORMATS
					+ (present.isEmpty() ? "" : ", found " + present), null, null);
		}
		String format = present.get(0);
		JsonNode input = root.get(format);
		List<Iterable<Map.Entry<String, JsonNode>>> rows = switch (format) {
			case "dataframe_split" -> split(input);
			case "dataframe_records" -> records(input, format, model, false);
			default -> input.isObject() ? columns(input, format) : records(input, format, model, true);
		};
		Instances dataset = dataset(model);
		Instance[] instances = new Instance[rows.size()];
		for (int i = 0; i < instances.length; i++) {
			instances[i] = build(model, dataset, i, rows.get(i));
		}
		return new Rows(instances, rows);
	}

	/**
	 * The rows of a request: as the model scores them, and as the request gave them
	 * (feature name to JSON value, for the prediction log).
	 *
	 * @param instances the rows, attached to the model's header
	 * @param given the same rows' fields as given, in row order
	 */
	record Rows(Instance[] instances, List<Iterable<Map.Entry<String, JsonNode>>> given) {

	}

	private JsonNode parse(byte[] body) {
		if (body.length == 0) {
			throw InvalidRequestException.malformed("the request body is empty");
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw InvalidRequestException.malformed("the body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw InvalidRequestException.malformed("the body must be a JSON object");
		}
		return root;
	}

	private void checkSize(int size) {
		if (size == 0) {
			throw invalid("empty_batch", "the request has no rows", null, null);
		}
		if (size > this.maxBatchSize) {
			throw new InvalidRequestException(HttpStatus.CONTENT_TOO_LARGE, "batch_too_large", "batch_too_large",
					"the request has " + size + " rows, more than the " + this.maxBatchSize + " allowed", null, null);
		}
	}

	private List<Iterable<Map.Entry<String, JsonNode>>> split(JsonNode input) {
		JsonNode columns = (input != null) ? input.get("columns") : null;
		JsonNode data = (input != null) ? input.get("data") : null;
		if (columns == null || !columns.isArray() || data == null || !data.isArray()) {
			throw invalid("invalid_format", "dataframe_split needs a \"columns\" array and a \"data\" array", null,
					"dataframe_split");
		}
		List<String> names = new ArrayList<>(columns.size());
		for (JsonNode column : columns) {
			if (!column.isString()) {
				throw invalid("invalid_format", "dataframe_split columns must be strings", null, "columns");
			}
			names.add(column.stringValue());
		}
		checkSize(data.size());
		List<Iterable<Map.Entry<String, JsonNode>>> rows = new ArrayList<>(data.size());
		for (int i = 0; i < data.size(); i++) {
			JsonNode values = data.get(i);
			if (!values.isArray() || values.size() != names.size()) {
				throw invalid("invalid_row", "row " + i + " must be an array of " + names.size() + " values", i, null);
			}
			List<Map.Entry<String, JsonNode>> row = new ArrayList<>(names.size());
			for (int j = 0; j < names.size(); j++) {
				row.add(Map.entry(names.get(j), values.get(j)));
			}
			rows.add(row);
		}
		return rows;
	}

	private List<Iterable<Map.Entry<String, JsonNode>>> records(JsonNode input, String format, LoadedModel model,
			boolean positionalAllowed) {
		if (!input.isArray()) {
			throw invalid("invalid_format", format + " must be an array of rows", null, format);
		}
		checkSize(input.size());
		List<BoundFeature> features = model.features();
		List<Iterable<Map.Entry<String, JsonNode>>> rows = new ArrayList<>(input.size());
		for (int i = 0; i < input.size(); i++) {
			JsonNode row = input.get(i);
			if (row.isObject()) {
				rows.add(row.properties());
			}
			else if (positionalAllowed && row.isArray() && row.size() == features.size()) {
				List<Map.Entry<String, JsonNode>> named = new ArrayList<>(features.size());
				for (int j = 0; j < features.size(); j++) {
					named.add(Map.entry(features.get(j).name(), row.get(j)));
				}
				rows.add(named);
			}
			else {
				throw invalid("invalid_row", "row " + i + " must be an object of named features"
						+ (positionalAllowed ? " or an array of " + features.size() + " values in schema order" : ""),
						i, null);
			}
		}
		return rows;
	}

	private List<Iterable<Map.Entry<String, JsonNode>>> columns(JsonNode input, String format) {
		int size = -1;
		for (Map.Entry<String, JsonNode> column : input.properties()) {
			JsonNode values = column.getValue();
			if (!values.isArray() || (size >= 0 && values.size() != size)) {
				throw invalid("invalid_format", format + " columns must be arrays of the same length", null,
						column.getKey());
			}
			size = values.size();
		}
		checkSize(Math.max(size, 0));
		List<Iterable<Map.Entry<String, JsonNode>>> rows = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			List<Map.Entry<String, JsonNode>> row = new ArrayList<>(input.size());
			for (Map.Entry<String, JsonNode> column : input.properties()) {
				row.add(Map.entry(column.getKey(), column.getValue().get(i)));
			}
			rows.add(row);
		}
		return rows;
	}

	private static Instances dataset(LoadedModel model) {
		// string values are added to their attribute, so such rows get a private header
		return model.hasStringFeatures() ? model.header().stringFreeStructure() : model.header();
	}

	/**
	 * One row: every field must be a feature of the model, every non-nullable feature
	 * present, every value of the feature's type.
	 */
	static Instance build(LoadedModel model, Instances dataset, int row, Iterable<Map.Entry<String, JsonNode>> fields) {
		double[] values = new double[dataset.numAttributes()];
		Arrays.fill(values, Utils.missingValue());
		List<BoundFeature> features = model.features();
		boolean[] seen = new boolean[features.size()];
		for (Map.Entry<String, JsonNode> field : fields) {
			BoundFeature feature = model.feature(field.getKey());
			if (feature == null) {
				throw invalid("unknown_feature", "row " + row + ": the model has no feature '" + field.getKey() + "'",
						row, field.getKey());
			}
			seen[feature.position()] = true;
			values[feature.index()] = value(feature, field.getValue(), dataset, row);
		}
		for (int i = 0; i < seen.length; i++) {
			BoundFeature feature = features.get(i);
			if (!seen[i] && !feature.nullable()) {
				throw invalid("missing_feature", "row " + row + ": feature '" + feature.name() + "' is required", row,
						feature.name());
			}
		}
		Instance instance = new DenseInstance(1.0, values);
		instance.setDataset(dataset);
		return instance;
	}

	private static double value(BoundFeature feature, JsonNode node, Instances dataset, int row) {
		if (node == null || node.isNull()) {
			if (feature.nullable()) {
				return Utils.missingValue();
			}
			throw invalid("missing_value", "row " + row + ": feature '" + feature.name() + "' may not be null", row,
					feature.name());
		}
		switch (feature.type()) {
			case NUMERIC -> {
				if (node.isNumber()) {
					return number(feature, node, row);
				}
				throw wrongType(feature, node, row, "a number");
			}
			case NOMINAL -> {
				String text = (node.isString()) ? node.stringValue()
						: (node.isNumber() || node.isBoolean()) ? node.asString() : null;
				if (text == null) {
					throw wrongType(feature, node, row, "one of " + feature.values());
				}
				Integer index = feature.valueIndex().get(text);
				if (index == null) {
					throw invalid("invalid_value", "row " + row + ": feature '" + feature.name() + "' is '" + text
							+ "', not one of " + feature.values(), row, feature.name());
				}
				return index;
			}
			default -> {
				if (node.isString()) {
					return dataset.attribute(feature.index()).addStringValue(node.stringValue());
				}
				throw wrongType(feature, node, row, "a string");
			}
		}
	}

	/**
	 * A JSON number as a finite double. Jackson keeps integers too long for a
	 * {@code long} as {@code BigInteger} (and, when configured, decimals as
	 * {@code BigDecimal}), which refuse a lossy conversion beyond the range of a double;
	 * a plain decimal beyond that range parses as an infinity. Either is the client's
	 * fault, and an infinity or NaN is no value Weka can score (NaN is its missing
	 * value).
	 */
	private static double number(BoundFeature feature, JsonNode node, int row) {
		double value = node.numberValue().doubleValue();
		if (Double.isFinite(value)) {
			return value;
		}
		throw invalid("out_of_range", "row " + row + ": feature '" + feature.name()
				+ "' is a number beyond the range of a double (magnitude above 1.8e308)", row, feature.name());
	}

	private static InvalidRequestException wrongType(BoundFeature feature, JsonNode node, int row, String expected) {
		return invalid("wrong_type", "row " + row + ": feature '" + feature.name() + "' must be " + expected + ", got "
				+ node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), row, feature.name());
	}

}
