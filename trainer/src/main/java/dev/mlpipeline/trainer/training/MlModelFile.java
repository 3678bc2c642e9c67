package dev.mlpipeline.trainer.training;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import weka.core.Version;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

/**
 * Writes MLflow's {@code MLmodel} descriptor for a Weka model: a {@code weka} flavor
 * naming the files, and a column-based signature as MLflow writes it (JSON strings inside
 * the YAML) so the MLflow UI shows the model's inputs and output.
 */
final class MlModelFile {

	static final String MODEL_FILE_NAME = "model.weka";

	static final String SCHEMA_FILE_NAME = "schema.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private MlModelFile() {
	}

	/**
	 * The descriptor's text.
	 * @param classifier Weka class name of the classifier
	 * @param schema the model's features and target
	 * @param runId the run the model belongs to
	 * @param modelUuid the model's id
	 * @param created when the model was packaged
	 * @return the YAML text
	 */
	static String render(String classifier, FeatureSchema schema, String runId, String modelUuid, Instant created) {
		StringBuilder yaml = new StringBuilder();
		yaml.append("artifact_path: model\n");
		yaml.append("flavors:\n");
		yaml.append("  weka:\n");
		yaml.append("    classifier: ").append(quote(classifier)).append('\n');
		yaml.append("    model_file: ").append(MODEL_FILE_NAME).append('\n');
		yaml.append("    schema_file: ").append(SCHEMA_FILE_NAME).append('\n');
		yaml.append("    weka_version: ").append(quote(Version.VERSION)).append('\n');
		yaml.append("model_uuid: ").append(quote(modelUuid)).append('\n');
		yaml.append("run_id: ").append(quote(runId)).append('\n');
		yaml.append("signature:\n");
		yaml.append("  inputs: ").append(quote(JSON.writeValueAsString(inputs(schema)))).append('\n');
		yaml.append("  outputs: ").append(quote(JSON.writeValueAsString(outputs(schema)))).append('\n');
		yaml.append("  params: null\n");
		yaml.append("utc_time_created: ").append(quote(UTC_TIME.format(created))).append('\n');
		return yaml.toString();
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

	/** A YAML single-quoted scalar: only the quote itself needs escaping. */
	private static String quote(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
