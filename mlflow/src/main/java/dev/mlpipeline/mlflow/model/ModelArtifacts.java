package dev.mlpipeline.mlflow.model;

/**
 * Where a model's files live under its run's artifact root, written once for the trainer
 * that writes them and the services that read them.
 */
public final class ModelArtifacts {

	/** The artifact directory registered as the model version's source. */
	public static final String DIRECTORY = "model";

	/**
	 * The Weka model: Java serialization of {@code Object[]{classifier, headerInstances}}
	 * as written by {@code weka.core.SerializationHelper.writeAll}.
	 */
	public static final String MODEL_FILE = "model/model.weka";

	/** MLflow's model descriptor, with the signature. */
	public static final String MLMODEL_FILE = "model/MLmodel";

	/** The {@link FeatureSchema} as JSON. */
	public static final String SCHEMA_FILE = "model/schema.json";

	/** The hex SHA-256 of {@link #MODEL_FILE}. */
	public static final String SHA256_FILE = "model/model.weka.sha256";

	private ModelArtifacts() {
	}

}
