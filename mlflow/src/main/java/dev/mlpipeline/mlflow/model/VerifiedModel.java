package dev.mlpipeline.mlflow.model;

import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.mlflow.ModelVersion;

/**
 * A registry version whose model file was found, matched its SHA-256 and passed the
 * allow-list and the file-reference check.
 *
 * @param version the version as the registry describes it
 * @param classifier the trained classifier
 * @param header the training data's structure
 * @param sha256 the verified hex SHA-256 of the model file
 * @param location where the registry says the version's files are (its download URI),
 * which the model's other files are read from
 */
public record VerifiedModel(ModelVersion version, Classifier classifier, Instances header, String sha256,
		String location) {
}
