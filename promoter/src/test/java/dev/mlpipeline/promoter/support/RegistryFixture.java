package dev.mlpipeline.promoter.support;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelRegistered;
import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.LoggedModel;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.evaluation.PairedEvaluation;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import weka.classifiers.rules.ZeroR;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Registers model versions in MLflow the way the trainer does (a run with metrics, a
 * {@code model/schema.json}, a version with metric tags) and publishes their
 * {@code ModelRegistered} events, so promoter tests need no trainer.
 */
public final class RegistryFixture {

	/** The algorithm every fixture version is tagged with and its events claim. */
	public static final String ALGORITHM = "weka.classifiers.trees.J48";

	private final ModelRegistry registry;

	private final MlflowTracking tracking;

	private final MlflowArtifacts artifacts;

	private final LoggedModels loggedModels;

	private final KafkaTemplate<String, Object> kafka;

	public RegistryFixture(ModelRegistry registry, MlflowTracking tracking, MlflowArtifacts artifacts,
			LoggedModels loggedModels, KafkaTemplate<String, Object> kafka) {
		this.registry = registry;
		this.tracking = tracking;
		this.artifacts = artifacts;
		this.loggedModels = loggedModels;
		this.kafka = kafka;
	}

	/**
	 * A model name no other test uses.
	 * @param prefix readable part
	 * @return {@code prefix-<random>}
	 */
	public static String uniqueModel(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * The iris schema the trainer writes.
	 * @return four numeric features and a nominal class
	 */
	public static FeatureSchema irisSchema() {
		return new FeatureSchema(
				List.of(numeric("sepallength"), numeric("sepalwidth"), numeric("petallength"), numeric("petalwidth")),
				new Feature("class", FeatureType.NOMINAL, List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica"),
						false));
	}

	/**
	 * Registers a version with the iris schema, its accuracy logged on the run and tagged
	 * on the version.
	 * @param model the registered model
	 * @param accuracy the version's accuracy
	 * @return the READY version
	 */
	public ModelVersion register(String model, double accuracy) {
		return register(model, Map.of("accuracy", accuracy), irisSchema(), true);
	}

	/**
	 * Registers a version.
	 * @param model the registered model
	 * @param metrics metrics logged on the run
	 * @param schema the schema to upload, {@code null} for none
	 * @param tagMetrics whether to tag the version with its metrics as the trainer does
	 * @return the READY version
	 */
	public ModelVersion register(String model, Map<String, Double> metrics, FeatureSchema schema, boolean tagMetrics) {
		return register(model, metrics, schema, tagMetrics, ModelFile.SOUND);
	}

	/**
	 * Registers a version with its accuracy and a model file in the given state.
	 * @param model the registered model
	 * @param accuracy the version's accuracy, logged and tagged
	 * @param file what the version's model file looks like
	 * @return the READY version
	 */
	public ModelVersion register(String model, double accuracy, ModelFile file) {
		return register(model, Map.of("accuracy", accuracy), irisSchema(), true, file);
	}

	/**
	 * Registers a version.
	 * @param model the registered model
	 * @param metrics metrics logged on the run
	 * @param schema the schema to upload, {@code null} for none
	 * @param tagMetrics whether to tag the version with its metrics as the trainer does
	 * @param file what the version's model file looks like
	 * @return the READY version
	 */
	public ModelVersion register(String model, Map<String, Double> metrics, FeatureSchema schema, boolean tagMetrics,
			ModelFile file) {
		Experiment experiment = this.tracking.getOrCreateExperiment("promoter-tests");
		Run run = this.tracking.createRun(experiment.id(), model, Map.of());
		this.tracking.logBatch(run.id(), Map.of(), metrics, Map.of());
		if (schema != null) {
			this.artifacts.upload(run.artifactUri(), ModelArtifacts.SCHEMA_FILE, schema.toJson());
		}
		byte[] modelFile = modelFile();
		String sha256 = VerifiedModelFiles.sha256(modelFile);
		if (file != ModelFile.MISSING) {
			this.artifacts.upload(run.artifactUri(), ModelArtifacts.MODEL_FILE, modelFile);
		}
		this.artifacts.upload(run.artifactUri(), ModelArtifacts.SHA256_FILE, sha256.getBytes(StandardCharsets.UTF_8));
		this.registry.getOrCreateRegisteredModel(model);
		Map<String, String> tags = new HashMap<>();
		tags.put(ModelTags.SHA256,
				(file == ModelFile.WRONG_SHA256) ? VerifiedModelFiles.sha256("another model".getBytes()) : sha256);
		tags.put(ModelTags.ALGORITHM, ALGORITHM);
		if (tagMetrics) {
			metrics.forEach((name, value) -> tags.put(ModelTags.metric(name), String.valueOf(value)));
		}
		return this.registry.createModelVersion(model, run.artifactUri() + "/" + ModelArtifacts.DIRECTORY, run.id(),
				tags);
	}

	/**
	 * Registers a version whose run holds, as the trainer writes them, the champion's
	 * figures on the candidate's data: the paired evaluation file and the
	 * {@code champion.*} metrics among the given ones.
	 * @param model the registered model
	 * @param metrics metrics logged on the run (accuracy tagged too)
	 * @param paired the paired evaluation to upload beside the model
	 * @return the READY version
	 */
	public ModelVersion registerPaired(String model, Map<String, Double> metrics, PairedEvaluation paired) {
		ModelVersion version = register(model, metrics, irisSchema(), true);
		this.artifacts.upload(this.tracking.getRun(version.runId()).artifactUri(), PairedEvaluation.FILE,
				paired.toJson());
		return version;
	}

	/**
	 * Registers a version the way the trainer does on MLflow 3: a READY LoggedModel
	 * holding the model directory's files at its own artifact root, the metrics linked to
	 * it, and a version whose source is {@code models:/<id>}.
	 * @param model the registered model
	 * @param accuracy the version's accuracy, logged and tagged
	 * @param schema the schema to upload
	 * @return the READY version
	 */
	public ModelVersion registerAsLoggedModel(String model, double accuracy, FeatureSchema schema) {
		Experiment experiment = this.tracking.getOrCreateExperiment("promoter-tests");
		Run run = this.tracking.createRun(experiment.id(), model, Map.of());
		LoggedModel logged = this.loggedModels.create(experiment.id(), ModelArtifacts.DIRECTORY, run.id(), "Classifier",
				Map.of(), Map.of());
		this.tracking.logModelMetrics(run.id(), logged.id(), Map.of("accuracy", accuracy));
		byte[] modelFile = modelFile();
		String sha256 = VerifiedModelFiles.sha256(modelFile);
		this.artifacts.upload(logged.artifactUri(), "schema.json", schema.toJson());
		this.artifacts.upload(logged.artifactUri(), "model.weka", modelFile);
		this.loggedModels.finalizeModel(logged.id(), LoggedModel.READY);
		this.registry.getOrCreateRegisteredModel(model);
		Map<String, String> tags = new HashMap<>();
		tags.put(ModelTags.SHA256, sha256);
		tags.put(ModelTags.ALGORITHM, ALGORITHM);
		tags.put(ModelTags.metric("accuracy"), String.valueOf(accuracy));
		return this.registry.createModelVersion(model, logged.source(), run.id(), logged.id(), tags,
				ModelRegistry.DEFAULT_READY_TIMEOUT);
	}

	/**
	 * The event the trainer publishes for a version.
	 * @param version the registered version
	 * @param metrics the metrics it reports
	 * @return a new event with a fresh id
	 */
	public static ModelRegistered registered(ModelVersion version, Map<String, Double> metrics) {
		return new ModelRegistered(UUID.randomUUID().toString(), "job-" + UUID.randomUUID(), version.name(),
				version.version(), version.runId(), ALGORITHM, metrics, version.source(),
				version.tags().get(ModelTags.SHA256), Instant.now());
	}

	/**
	 * Publishes the registration of a version, reporting its accuracy.
	 * @param version the registered version
	 * @param accuracy the accuracy reported
	 * @return the published event
	 */
	public ModelRegistered publish(ModelVersion version, double accuracy) {
		return publish(registered(version, Map.of("accuracy", accuracy)));
	}

	/**
	 * Publishes an event to {@code model-registered}, keyed by model name.
	 * @param event the event
	 * @return the event
	 */
	public ModelRegistered publish(ModelRegistered event) {
		try {
			this.kafka.send(Topics.MODEL_REGISTERED, event.modelName(), event).get(30, TimeUnit.SECONDS);
			return event;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish " + event, ex);
		}
	}

	/**
	 * Reads a version back from the registry.
	 * @param model the registered model
	 * @param version the version
	 * @return the version with its current tags and stage
	 */
	public ModelVersion version(String model, String version) {
		return this.registry.getModelVersion(model, version);
	}

	/**
	 * The version behind an alias.
	 * @param model the registered model
	 * @param alias the alias
	 * @return the version number, empty when unset
	 */
	public Optional<String> alias(String model, String alias) {
		return this.registry.findVersionByAlias(model, alias).map(ModelVersion::version);
	}

	/**
	 * The registry, for what the fixture does not cover.
	 * @return the registry client
	 */
	public ModelRegistry registry() {
		return this.registry;
	}

	/**
	 * A model file as the trainer writes it (the classifier, then the data's header): a
	 * ZeroR on the iris structure.
	 * @return the serialized model
	 */
	public static byte[] modelFile() {
		ArrayList<Attribute> attributes = new ArrayList<>();
		for (Feature feature : irisSchema().features()) {
			attributes.add(new Attribute(feature.name()));
		}
		attributes.add(new Attribute("class", irisSchema().target().values()));
		Instances data = new Instances("iris", attributes, 3);
		data.setClassIndex(attributes.size() - 1);
		for (int i = 0; i < 3; i++) {
			data.add(new DenseInstance(1.0, new double[] { 5.0 + i, 3.0, 1.5 + i, 0.2 + i, i }));
		}
		try {
			ZeroR classifier = new ZeroR();
			classifier.buildClassifier(data);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
				out.writeObject(classifier);
				out.writeObject(new Instances(data, 0));
			}
			return bytes.toByteArray();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not build the fixture's model file", ex);
		}
	}

	private static Feature numeric(String name) {
		return new Feature(name, FeatureType.NUMERIC, List.of(), false);
	}

	/**
	 * What a registered version's model file looks like.
	 */
	public enum ModelFile {

		/** A real model whose SHA-256 is the version's tag. */
		SOUND,

		/** A real model, but the version's tag names another digest. */
		WRONG_SHA256,

		/** No model file in the version's artifacts. */
		MISSING

	}

}
