package dev.mlpipeline.serving.model;

import java.time.Instant;
import java.util.Map;

import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.serving.ModelFixtures;

/**
 * Builds loaded models straight from a classifier, for tests of the request path that
 * need no registry.
 */
public final class TestModels {

	private TestModels() {
	}

	public static LoadedModel of(Classifier classifier, Instances data) {
		return of(classifier, data, ModelFixtures.schemaOf(data));
	}

	public static LoadedModel of(Classifier classifier, Instances data, FeatureSchema schema) {
		try {
			Instances header = new Instances(data, 0);
			LoadedModel.Description description = new LoadedModel.Description("test-model", "1", "run", "source",
					classifier.getClass().getName(), Map.of(), "sha");
			return new LoadedModel(description, schema, header, ModelLoader.bind(schema, header),
					Scorer.of(classifier, 2), 100, Instant.now(), LoadReason.STARTUP);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
