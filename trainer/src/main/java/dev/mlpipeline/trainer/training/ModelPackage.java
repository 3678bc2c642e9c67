package dev.mlpipeline.trainer.training;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.mlpipeline.mlflow.model.FeatureSchema;

/**
 * The files of a trained model, ready to upload under the run's artifact root.
 *
 * @param files artifact path ({@code model/model.weka}, {@code confusion_matrix.png}) to
 * content, in upload order: the model directory's descriptor last
 * @param sha256 hex SHA-256 of the model file
 * @param schema the model's features and target
 */
public record ModelPackage(Map<String, byte[]> files, String sha256, FeatureSchema schema) {

	/**
	 * This package with one more file beside the model directory, uploaded first.
	 * @param path the artifact path, outside {@code model/}
	 * @param content the file
	 * @return the larger package
	 */
	public ModelPackage withRunFile(String path, byte[] content) {
		Map<String, byte[]> more = new LinkedHashMap<>();
		more.put(path, content);
		more.putAll(this.files);
		return new ModelPackage(more, this.sha256, this.schema);
	}

}
