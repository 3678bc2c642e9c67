package dev.mlpipeline.serving;

import java.util.HashMap;
import java.util.Map;

import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.mlflow.LoggedModel;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowConnection;
import dev.mlpipeline.mlflow.MlflowProperties;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.test.MlflowServer;

/**
 * Plays trainer and promoter against the test MLflow: registers versions with their
 * artifacts and tags as the trainer does, and marks production as the promoter does.
 */
public final class TestRegistry {

	public static final String ALIAS = "champion";

	public static final String STAGE = "Production";

	private final MlflowTracking tracking;

	private final MlflowArtifacts artifacts;

	private final ModelRegistry registry;

	private final LoggedModels loggedModels;

	private final MlflowCapabilities capabilities;

	private TestRegistry(MlflowConnection connection) {
		this.tracking = new MlflowTracking(connection);
		this.artifacts = new MlflowArtifacts(connection);
		this.registry = new ModelRegistry(connection);
		this.loggedModels = new LoggedModels(connection);
		this.capabilities = new MlflowCapabilities(connection);
	}

	public static TestRegistry connect() {
		return new TestRegistry(new MlflowConnection(MlflowProperties.of(MlflowServer.uri())));
	}

	public MlflowArtifacts artifacts() {
		return this.artifacts;
	}

	public ModelRegistry registry() {
		return this.registry;
	}

	/**
	 * Registers a trained classifier with a correct checksum and schema.
	 * @param model the registered model name
	 * @param classifier the classifier
	 * @param data its training data
	 * @return the new version
	 */
	public ModelVersion register(String model, Classifier classifier, Instances data) {
		byte[] file = ModelFixtures.modelFile(classifier, data);
		return register(model, file, ModelFixtures.sha256(file), ModelFixtures.schemaOf(data),
				classifier.getClass().getName());
	}

	/**
	 * Registers any model file, to test what serving does with bad ones.
	 * @param model the registered model name
	 * @param file the model file
	 * @param sha256 the checksum tag, {@code null} for none
	 * @param schema the feature schema
	 * @param algorithm the algorithm tag
	 * @return the new version
	 */
	public ModelVersion register(String model, byte[] file, String sha256, FeatureSchema schema, String algorithm) {
		String experimentId = this.tracking.getOrCreateExperiment(model).id();
		Run run = this.tracking.createRun(experimentId, "test-" + model, Map.of());
		this.artifacts.upload(run.artifactUri(), ModelArtifacts.MODEL_FILE, file);
		this.artifacts.upload(run.artifactUri(), ModelArtifacts.SCHEMA_FILE, schema.toJson());
		this.registry.getOrCreateRegisteredModel(model);
		Map<String, String> tags = new HashMap<>();
		tags.put(ModelTags.ALGORITHM, algorithm);
		tags.put(ModelTags.metric("accuracy"), "0.96");
		if (sha256 != null) {
			tags.put(ModelTags.SHA256, sha256);
		}
		return this.registry.createModelVersion(model, run.artifactUri() + "/" + ModelArtifacts.DIRECTORY, run.id(),
				tags);
	}

	/**
	 * Whether the server records MLflow 3 LoggedModels.
	 * @return {@code true} on MLflow 3
	 */
	public boolean hasLoggedModels() {
		return this.capabilities.loggedModels();
	}

	/**
	 * Registers a trained classifier the MLflow 3 way: a READY LoggedModel holding the
	 * files at its own artifact root, and a version whose source is {@code models:/<id>}.
	 * @param model the registered model name
	 * @param classifier the classifier
	 * @param data its training data
	 * @return the new version
	 */
	public ModelVersion registerAsLoggedModel(String model, Classifier classifier, Instances data) {
		byte[] file = ModelFixtures.modelFile(classifier, data);
		String experimentId = this.tracking.getOrCreateExperiment(model).id();
		Run run = this.tracking.createRun(experimentId, "test-" + model, Map.of());
		LoggedModel logged = this.loggedModels.create(experimentId, ModelArtifacts.DIRECTORY, run.id(), "Classifier",
				Map.of(), Map.of());
		this.artifacts.upload(logged.artifactUri(), "model.weka", file);
		this.artifacts.upload(logged.artifactUri(), "schema.json", ModelFixtures.schemaOf(data).toJson());
		this.loggedModels.finalizeModel(logged.id(), LoggedModel.READY);
		this.registry.getOrCreateRegisteredModel(model);
		Map<String, String> tags = new HashMap<>();
		tags.put(ModelTags.ALGORITHM, classifier.getClass().getName());
		tags.put(ModelTags.SHA256, ModelFixtures.sha256(file));
		return this.registry.createModelVersion(model, logged.source(), run.id(), logged.id(), tags,
				ModelRegistry.DEFAULT_READY_TIMEOUT);
	}

	/**
	 * Makes a version production the way the promoter does: alias and stage.
	 * @param model the registered model
	 * @param version the version
	 */
	public void promote(String model, String version) {
		this.registry.setAlias(model, ALIAS, version);
		this.registry.transitionStage(model, version, STAGE, true);
	}

}
