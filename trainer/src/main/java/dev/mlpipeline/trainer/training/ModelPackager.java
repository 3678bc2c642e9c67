package dev.mlpipeline.trainer.training;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import weka.core.SerializationHelper;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.ModelArtifacts;

/**
 * Lays a trained model out as the artifacts the pipeline agreed on
 * ({@link ModelArtifacts}): the serialized classifier with its header, the
 * {@code MLmodel} descriptor, the feature schema, the input example and the checksum
 * under {@code model/}; the confusion matrix picture and the evaluation summary beside
 * it.
 */
public class ModelPackager {

	/** The confusion matrix picture, beside the model directory. */
	public static final String CONFUSION_MATRIX_FILE = "confusion_matrix.png";

	/** The evaluation summary text, beside the model directory. */
	public static final String SUMMARY_FILE = "evaluation_summary.txt";

	/** MLflow's input example: the first training rows, features only. */
	public static final String INPUT_EXAMPLE_FILE = ModelArtifacts.DIRECTORY + "/"
			+ MlModelFile.INPUT_EXAMPLE_FILE_NAME;

	/** MLflow's input example as a scoring request body. */
	public static final String SERVING_INPUT_EXAMPLE_FILE = ModelArtifacts.DIRECTORY + "/"
			+ MlModelFile.SERVING_INPUT_EXAMPLE_FILE_NAME;

	/**
	 * Packages a model.
	 * @param model the trained model
	 * @param runId the run the artifacts belong to
	 * @param modelId the MLflow 3 LoggedModel the files belong to, or {@code null} on
	 * MLflow 2
	 * @param created when the model is packaged
	 * @return the files, checksum and schema
	 */
	public ModelPackage pack(TrainedModel model, String runId, String modelId, Instant created) {
		byte[] modelFile = serialize(model);
		String sha256 = sha256(modelFile);
		FeatureSchema schema = FeatureSchemas.of(model.header(), model.nullableFeatures());
		String modelUuid = (modelId != null) ? modelId
				: UUID.nameUUIDFromBytes(("model:" + runId).getBytes(StandardCharsets.UTF_8))
					.toString()
					.replace("-", "");
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put(ModelArtifacts.MODEL_FILE, modelFile);
		files.put(ModelArtifacts.SHA256_FILE, sha256.getBytes(StandardCharsets.US_ASCII));
		files.put(ModelArtifacts.SCHEMA_FILE, schema.toJson());
		files.put(CONFUSION_MATRIX_FILE, ConfusionMatrixImage.render(model.confusionMatrix(), model.classLabels(),
				"Confusion matrix - " + simpleName(model.algorithm())));
		files.put(SUMMARY_FILE, model.summary().getBytes(StandardCharsets.UTF_8));
		files.put(INPUT_EXAMPLE_FILE, MlModelFile.inputExampleJson(schema, model.examples()));
		files.put(SERVING_INPUT_EXAMPLE_FILE, MlModelFile.servingInputExampleJson(schema, model.examples()));
		files.put(ModelArtifacts.MLMODEL_FILE,
				MlModelFile.render(model.algorithm(), schema, runId, modelId, modelUuid, created)
					.getBytes(StandardCharsets.UTF_8));
		return new ModelPackage(files, sha256, schema);
	}

	static byte[] serialize(TrainedModel model) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			SerializationHelper.writeAll(out, new Object[] { model.classifier(), model.header() });
			return out.toByteArray();
		}
		catch (Exception ex) {
			throw new TrainingException("cannot serialize " + model.algorithm() + ": " + Failures.message(ex), ex);
		}
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

}
