package dev.mlpipeline.mlflow.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.StreamCorruptedException;

import weka.classifiers.Classifier;
import weka.core.Instances;

import dev.mlpipeline.mlflow.model.ModelFileException.Kind;

/**
 * Reads a Weka model file ({@link ModelArtifacts#MODEL_FILE}: a classifier and its
 * header, as {@code SerializationHelper.writeAll} writes them) the one safe way: through
 * the allow-list with limits, then a walk of the object graph that refuses anything that
 * would read files later. What it reports never quotes the file.
 *
 * @param classifier the trained classifier
 * @param header the training data's structure, class attribute included
 */
public record WekaModelFile(Classifier classifier, Instances header) {

	/**
	 * Reads and checks a model file.
	 * @param file the file's bytes
	 * @param limits the limits it must stay within
	 * @return the classifier and its header
	 * @throws ModelFileException when the file is too large, holds a class outside the
	 * allow-list, refers to files, or is not a Weka model
	 */
	public static WekaModelFile read(byte[] file, ModelFileLimits limits) throws ModelFileException {
		if (file.length > limits.maxBytes()) {
			throw new ModelFileException(Kind.TOO_LARGE,
					"model file is " + file.length + " bytes, more than the " + limits.maxBytes() + " allowed");
		}
		ModelFileFilter filter = new ModelFileFilter(limits);
		Object classifier;
		Object header;
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(file))) {
			in.setObjectInputFilter(filter);
			classifier = in.readObject();
			header = in.readObject();
		}
		catch (InvalidClassException ex) {
			throw refused(filter, ex);
		}
		catch (StreamCorruptedException ex) {
			throw refusedOr(filter, ex, "the model file is not a Java serialization stream of a Weka model");
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			// the causes' messages may quote the file (class names, stream bytes): name
			// only the kind
			throw refusedOr(filter, ex, "the model file cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
		if (!(classifier instanceof Classifier model) || !(header instanceof Instances instances)) {
			throw new ModelFileException(Kind.CORRUPT, "the model file holds " + typeName(classifier) + " and "
					+ typeName(header) + " instead of a Weka classifier and its header");
		}
		ModelGraphCheck.check(model, instances);
		return new WekaModelFile(model, instances);
	}

	private static ModelFileException refused(ModelFileFilter filter, Exception ex) {
		return refusedOr(filter, ex, "the model file cannot be read (" + ex.getClass().getSimpleName() + ")");
	}

	private static ModelFileException refusedOr(ModelFileFilter filter, Exception ex, String otherwise) {
		String rejection = filter.rejection();
		return (rejection != null) ? new ModelFileException(Kind.REJECTED_CLASS, rejection, ex)
				: new ModelFileException(Kind.CORRUPT, otherwise, ex);
	}

	private static String typeName(Object object) {
		return (object != null) ? object.getClass().getName() : "null";
	}

}
