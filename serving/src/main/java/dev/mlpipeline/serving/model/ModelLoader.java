package dev.mlpipeline.serving.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import weka.classifiers.Classifier;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;

import org.springframework.stereotype.Component;

import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowException;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.ModelFileException;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.model.VerifiedModel;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;
import dev.mlpipeline.mlflow.model.WekaModelFile;
import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.model.ModelLoadException.Kind;

/**
 * Turns a registry version into a model fit to serve, refusing anything it cannot trust:
 * the shared verified read ({@link VerifiedModelFiles}: download, SHA-256 check against
 * the registry, deserialization through the allow-list, refusal of models that refer to
 * files), then a schema check against the model's own header and a warm-up.
 */
@Component
public class ModelLoader {

	private static final Logger logger = LoggerFactory.getLogger(ModelLoader.class);

	private static final int WARMUP_PASSES = 6;

	private static final Duration WARMUP_BUDGET = Duration.ofSeconds(2);

	private final VerifiedModelFiles files;

	private final ServingProperties properties;

	public ModelLoader(ModelRegistry registry, MlflowArtifacts artifacts, ServingProperties properties) {
		this.files = new VerifiedModelFiles(registry, artifacts, properties.deserialization().limits());
		this.properties = properties;
	}

	/**
	 * Loads a version.
	 * @param version the registry's version
	 * @param reason why it is loaded
	 * @return the model, ready to serve
	 * @throws ModelLoadException when the version cannot be trusted or read
	 */
	LoadedModel load(ModelVersion version, LoadReason reason) throws ModelLoadException {
		VerifiedModel verified;
		try {
			verified = this.files.fetch(version);
		}
		catch (ModelFileException ex) {
			throw failure(ex);
		}
		Classifier classifier = verified.classifier();
		Instances header = verified.header();
		FeatureSchema schema = readSchema(verified.location());
		List<BoundFeature> features = bind(schema, header);
		Scorer scorer;
		try {
			scorer = Scorer.of(classifier, this.properties.scoring().threads());
		}
		catch (Exception ex) {
			throw new ModelLoadException(Kind.CORRUPT, "the classifier cannot be copied: " + ex.getMessage(), ex);
		}
		long nanosPerRow = warmUp(scorer, header, features);
		LoadedModel.Description description = new LoadedModel.Description(version.name(), version.version(),
				version.runId(), version.source(), algorithm(version, classifier), metrics(version), verified.sha256());
		logger.info("Loaded {} version {} ({}, {} ns per row, {} scorer)", version.name(), version.version(),
				description.algorithm(), nanosPerRow, scorer.shared() ? "shared" : "pooled");
		return new LoadedModel(description, schema, header, features, scorer, nanosPerRow, Instant.now(), reason);
	}

	/**
	 * Reads a model file through the shared checks, without the registry.
	 * @param file the model file
	 * @return the classifier and its header
	 * @throws ModelLoadException when the file is refused
	 */
	Object[] deserialize(byte[] file) throws ModelLoadException {
		try {
			WekaModelFile model = WekaModelFile.read(file, this.files.limits());
			return new Object[] { model.classifier(), model.header() };
		}
		catch (ModelFileException ex) {
			throw failure(ex);
		}
	}

	private static ModelLoadException failure(ModelFileException ex) {
		Kind kind = switch (ex.kind()) {
			case UNAVAILABLE -> Kind.UNAVAILABLE;
			case NOT_FOUND -> Kind.NOT_FOUND;
			case TOO_LARGE -> Kind.TOO_LARGE;
			case CHECKSUM -> Kind.CHECKSUM;
			case REJECTED_CLASS -> Kind.REJECTED_CLASS;
			case FILE_REFERENCE -> Kind.FILE_REFERENCE;
			case CORRUPT -> Kind.CORRUPT;
		};
		return new ModelLoadException(kind, ex.getMessage(), ex);
	}

	private FeatureSchema readSchema(String source) throws ModelLoadException {
		byte[] json;
		try {
			json = this.files.readLayoutFile(source, ModelArtifacts.SCHEMA_FILE)
				.orElseThrow(() -> new ModelLoadException(Kind.SCHEMA,
						ModelArtifacts.SCHEMA_FILE + " not found under " + source));
		}
		catch (MlflowException ex) {
			throw new ModelLoadException(Kind.UNAVAILABLE,
					"MLflow failed to serve " + ModelArtifacts.SCHEMA_FILE + ": " + ex.getMessage(), ex);
		}
		try {
			return FeatureSchema.read(json);
		}
		catch (RuntimeException ex) {
			throw new ModelLoadException(Kind.SCHEMA, "the feature schema cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Ties every schema feature to its header attribute, refusing a schema that does not
	 * describe the model.
	 */
	static List<BoundFeature> bind(FeatureSchema schema, Instances header) throws ModelLoadException {
		Feature target = schema.target();
		if (target == null || target.name() == null) {
			throw new ModelLoadException(Kind.SCHEMA, "the feature schema names no target");
		}
		if (header.classIndex() < 0) {
			Attribute attribute = header.attribute(target.name());
			if (attribute == null) {
				throw new ModelLoadException(Kind.SCHEMA, "the model has no attribute for target " + target.name());
			}
			header.setClassIndex(attribute.index());
		}
		Attribute classAttribute = header.classAttribute();
		if (!classAttribute.name().equals(target.name())) {
			throw new ModelLoadException(Kind.SCHEMA,
					"the schema's target is " + target.name() + " but the model predicts " + classAttribute.name());
		}
		if (!(classAttribute.isNominal() || classAttribute.isNumeric()) || !sameType(target, classAttribute)) {
			throw new ModelLoadException(Kind.SCHEMA,
					"target " + target.name() + " is " + target.type() + " in the schema but not in the model");
		}
		if (schema.features().isEmpty()) {
			throw new ModelLoadException(Kind.SCHEMA, "the feature schema lists no features");
		}
		List<BoundFeature> bound = new ArrayList<>();
		Set<String> seen = new java.util.HashSet<>();
		for (Feature feature : schema.features()) {
			if (feature.name() == null || feature.type() == null || !seen.add(feature.name())) {
				throw new ModelLoadException(Kind.SCHEMA,
						"the feature schema has an unnamed, untyped or repeated feature");
			}
			Attribute attribute = header.attribute(feature.name());
			if (attribute == null || attribute.index() == header.classIndex()) {
				throw new ModelLoadException(Kind.SCHEMA,
						"feature " + feature.name() + " is not an input of the model");
			}
			if (!sameType(feature, attribute)) {
				throw new ModelLoadException(Kind.SCHEMA,
						"feature " + feature.name() + " is " + feature.type() + " in the schema but not in the model");
			}
			Map<String, Integer> valueIndex = new HashMap<>();
			if (feature.type() == FeatureType.NOMINAL) {
				for (String value : feature.values()) {
					int index = attribute.indexOfValue(value);
					if (index < 0) {
						throw new ModelLoadException(Kind.SCHEMA,
								"feature " + feature.name() + " value " + value + " is unknown to the model");
					}
					valueIndex.put(value, index);
				}
			}
			bound.add(new BoundFeature(feature.name(), bound.size(), attribute.index(), feature.type(),
					feature.values(), Map.copyOf(valueIndex), feature.nullable()));
		}
		return bound;
	}

	private static boolean sameType(Feature feature, Attribute attribute) {
		return switch (feature.type()) {
			case NUMERIC -> attribute.isNumeric();
			case NOMINAL -> attribute.isNominal() && feature.values().size() == attribute.numValues()
					&& feature.values().stream().allMatch((value) -> attribute.indexOfValue(value) >= 0);
			case STRING -> attribute.isString();
		};
	}

	/**
	 * Scores synthetic rows so the JIT has compiled the scoring path before the first
	 * request, and measures what a row costs (which decides whether requests are scored
	 * on the event loop).
	 */
	private long warmUp(Scorer scorer, Instances header, List<BoundFeature> features) throws ModelLoadException {
		int rows = this.properties.scoring().warmupRows();
		Instances dataset = header.stringFreeStructure();
		Random random = new Random(42);
		List<Instance> instances = new ArrayList<>(rows);
		for (int i = 0; i < rows; i++) {
			double[] values = new double[header.numAttributes()];
			java.util.Arrays.fill(values, weka.core.Utils.missingValue());
			for (BoundFeature feature : features) {
				values[feature.index()] = switch (feature.type()) {
					case NUMERIC -> random.nextGaussian() * 10;
					case NOMINAL ->
						feature.valueIndex().get(feature.values().get(random.nextInt(feature.values().size())));
					case STRING -> dataset.attribute(feature.index()).addStringValue("warm-up");
				};
			}
			Instance instance = new DenseInstance(1.0, values);
			instance.setDataset(dataset);
			instances.add(instance);
		}
		try {
			// several passes so the JIT compiles the scoring path; the fastest pass is
			// the
			// cost of a compiled row
			long best = Long.MAX_VALUE;
			long deadline = System.nanoTime() + WARMUP_BUDGET.toNanos();
			for (int pass = 0; pass < WARMUP_PASSES && (pass < 2 || System.nanoTime() < deadline); pass++) {
				long start = System.nanoTime();
				for (Instance instance : instances) {
					scorer.distribution(instance);
				}
				best = Math.min(best, (System.nanoTime() - start) / rows);
			}
			return Math.max(1, best);
		}
		catch (Exception ex) {
			throw new ModelLoadException(Kind.WARMUP, "the model failed to score warm-up rows: " + ex, ex);
		}
	}

	private static String algorithm(ModelVersion version, Classifier classifier) {
		String tag = version.tags().get(ModelTags.ALGORITHM);
		return (tag != null && !tag.isBlank()) ? tag : classifier.getClass().getName();
	}

	private static Map<String, Double> metrics(ModelVersion version) {
		Map<String, Double> metrics = new TreeMap<>();
		version.tags().forEach((key, value) -> {
			if (key.startsWith(ModelTags.METRIC_PREFIX)) {
				try {
					metrics.put(key.substring(ModelTags.METRIC_PREFIX.length()), Double.parseDouble(value));
				}
				catch (NumberFormatException ex) {
					logger.debug("Ignoring non-numeric metric tag {}={}", key, value);
				}
			}
		});
		return metrics;
	}

}
