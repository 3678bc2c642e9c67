package dev.mlpipeline.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Attribute;
import weka.core.Instances;
import weka.core.SerializationHelper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.mlflow.model.FeatureSchema.Feature;
import dev.mlpipeline.mlflow.model.FeatureSchema.FeatureType;

/**
 * Trains real Weka models on the iris data bundled in the Weka jar and writes them the
 * way the trainer does, so tests load what production loads.
 */
public final class ModelFixtures {

	private static final String IRIS = "/weka/gui/beans/templates/iris.arff";

	private ModelFixtures() {
	}

	/**
	 * The 150 iris rows, class attribute set.
	 * @return the data
	 */
	public static Instances iris() {
		try (Reader reader = new InputStreamReader(ModelFixtures.class.getResourceAsStream(IRIS),
				StandardCharsets.UTF_8)) {
			Instances data = new Instances(reader);
			data.setClassIndex(data.numAttributes() - 1);
			return data;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A classifier trained on the data.
	 * @param algorithm e.g. {@code weka.classifiers.trees.J48}
	 * @param data the training data
	 * @param options the algorithm's options
	 * @return the trained classifier
	 */
	public static Classifier train(String algorithm, Instances data, String... options) {
		try {
			Classifier classifier = AbstractClassifier.forName(algorithm, options);
			classifier.buildClassifier(data);
			return classifier;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The model file layout: objects written one after the other by
	 * {@code SerializationHelper.writeAll}.
	 * @param objects normally the classifier and the header
	 * @return the bytes
	 */
	public static byte[] serialize(Object... objects) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			SerializationHelper.writeAll(out, objects);
			return out.toByteArray();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The model file of a classifier and its training header.
	 * @param classifier the classifier
	 * @param data its training data
	 * @return the bytes
	 */
	public static byte[] modelFile(Classifier classifier, Instances data) {
		return serialize(classifier, new Instances(data, 0));
	}

	public static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The feature schema the trainer writes for the data.
	 * @param data the training data, class set
	 * @return the schema, no feature nullable
	 */
	public static FeatureSchema schemaOf(Instances data) {
		List<Feature> features = new ArrayList<>();
		for (int i = 0; i < data.numAttributes(); i++) {
			if (i != data.classIndex()) {
				features.add(feature(data.attribute(i)));
			}
		}
		return new FeatureSchema(features, feature(data.classAttribute()));
	}

	private static Feature feature(Attribute attribute) {
		if (attribute.isNominal()) {
			List<String> values = new ArrayList<>();
			for (int v = 0; v < attribute.numValues(); v++) {
				values.add(attribute.value(v));
			}
			return new Feature(attribute.name(), FeatureType.NOMINAL, values, false);
		}
		return new Feature(attribute.name(), attribute.isString() ? FeatureType.STRING : FeatureType.NUMERIC, null,
				false);
	}

	/**
	 * Settings bound the way Spring binds them, defaults included.
	 * @param overrides {@code serving.*} keys without the prefix, e.g.
	 * {@code max-batch-size}
	 * @return the settings
	 */
	public static ServingProperties properties(Map<String, String> overrides) {
		Map<String, String> prefixed = new java.util.HashMap<>();
		overrides.forEach((key, value) -> prefixed.put("serving." + key, value));
		return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate("serving",
				ServingProperties.class);
	}

}
