package dev.mlpipeline.trainer.training;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;
import weka.core.Attribute;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Version;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

/**
 * Writes MLflow's {@code MLmodel} descriptor for a Weka model with a YAML library, as
 * MLflow lays it out: a {@code weka} flavor naming the files, a column-based signature
 * (JSON strings inside the YAML) so the MLflow UI shows the model's inputs and output,
 * and the input example ({@code input_example.json} in pandas {@code split} orient, and
 * the request body {@code serving_input_example.json}) taken from the first training
 * rows.
 */
final class MlModelFile {

	static final String MODEL_FILE_NAME = "model.weka";

	static final String SCHEMA_FILE_NAME = "schema.json";

	/** The input example, beside {@code MLmodel}, as MLflow names it. */
	static final String INPUT_EXAMPLE_FILE_NAME = "input_example.json";

	/** The input example as a scoring request body, as MLflow names it. */
	static final String SERVING_INPUT_EXAMPLE_FILE_NAME = "serving_input_example.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		// a signature stays one line, as MLflow writes it
		.disable(YAMLWriteFeature.SPLIT_LINES)
		.build();

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private MlModelFile() {
	}

	/**
	 * The descriptor's text, keys in the order MLflow writes them (sorted).
	 * @param classifier Weka class name of the classifier
	 * @param schema the model's features and target
	 * @param runId the run the model belongs to
	 * @param modelId the MLflow 3 LoggedModel id, or {@code null}
	 * @param modelUuid the model's id
	 * @param created when the model was packaged
	 * @return the YAML text
	 */
	static String render(String classifier, FeatureSchema schema, String runId, String modelId, String modelUuid,
			Instant created) {
		Map<String, Object> weka = new LinkedHashMap<>();
		weka.put("classifier", classifier);
		weka.put("model_file", MODEL_FILE_NAME);
		weka.put("schema_file", SCHEMA_FILE_NAME);
		weka.put("weka_version", Version.VERSION);
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("artifact_path", INPUT_EXAMPLE_FILE_NAME);
		example.put("pandas_orient", "split");
		example.put("serving_input_path", SERVING_INPUT_EXAMPLE_FILE_NAME);
		example.put("type", "dataframe");
		Map<String, Object> signature = new LinkedHashMap<>();
		signature.put("inputs", JSON.writeValueAsString(inputs(schema)));
		signature.put("outputs", JSON.writeValueAsString(outputs(schema)));
		signature.put("params", null);
		Map<String, Object> mlmodel = new LinkedHashMap<>();
		mlmodel.put("artifact_path", "model");
		mlmodel.put("flavors", Map.of("weka", weka));
		if (modelId != null) {
			mlmodel.put("model_id", modelId);
		}
		mlmodel.put("model_uuid", modelUuid);
		mlmodel.put("run_id", runId);
		mlmodel.put("saved_input_example_info", example);
		mlmodel.put("signature", signature);
		mlmodel.put("utc_time_created", UTC_TIME.format(created));
		return YAML.writeValueAsString(mlmodel);
	}

	/**
	 * The input example in pandas {@code split} orient: the features' names and the rows'
	 * values (numbers as numbers, nominal and string values as text, a missing value as
	 * {@code null}), the class left out.
	 * @param schema the model's features
	 * @param rows the example rows, with the training data's header
	 * @return {@code {"columns": [...], "data": [[...], ...]}}
	 */
	static Map<String, Object> inputExample(FeatureSchema schema, Instances rows) {
		List<String> columns = new ArrayList<>();
		List<Attribute> attributes = new ArrayList<>();
		for (Feature feature : schema.features()) {
			columns.add(feature.name());
			attributes.add(rows.attribute(feature.name()));
		}
		List<List<Object>> data = new ArrayList<>();
		for (Instance row : rows) {
			List<Object> values = new ArrayList<>();
			for (Attribute attribute : attributes) {
				if (row.isMissing(attribute)) {
					values.add(null);
				}
				else if (attribute.isNominal() || attribute.isString()) {
					values.add(row.stringValue(attribute));
				}
				else {
					values.add(row.value(attribute));
				}
			}
			data.add(values);
		}
		Map<String, Object> example = new LinkedHashMap<>();
		example.put("columns", columns);
		example.put("data", data);
		return example;
	}

	static byte[] inputExampleJson(FeatureSchema schema, Instances rows) {
		return JSON.writeValueAsBytes(inputExample(schema, rows));
	}

	static byte[] servingInputExampleJson(FeatureSchema schema, Instances rows) {
		return JSON.writeValueAsBytes(Map.of("dataframe_split", inputExample(schema, rows)));
	}

	static List<Map<String, Object>> inputs(FeatureSchema schema) {
		List<Map<String, Object>> columns = new ArrayList<>();
		for (Feature feature : schema.features()) {
			columns.add(column(feature, !feature.nullable()));
		}
		return columns;
	}

	static List<Map<String, Object>> outputs(FeatureSchema schema) {
		return List.of(column(schema.target(), true));
	}

	private static Map<String, Object> column(Feature feature, boolean required) {
		Map<String, Object> column = new LinkedHashMap<>();
		column.put("type", (feature.type() == FeatureType.NUMERIC) ? "double" : "string");
		column.put("name", feature.name());
		column.put("required", required);
		return column;
	}

}
