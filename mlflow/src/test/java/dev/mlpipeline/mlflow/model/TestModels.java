package dev.mlpipeline.mlflow.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import weka.classifiers.Classifier;
import weka.classifiers.trees.J48;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Small real Weka models and hostile model files for the model-file tests, built by hand.
 */
final class TestModels {

	private TestModels() {
	}

	/** Two numeric features, a nominal class that depends on the first, 40 rows. */
	static Instances data() {
		ArrayList<Attribute> attributes = new ArrayList<>();
		attributes.add(new Attribute("a"));
		attributes.add(new Attribute("b"));
		attributes.add(new Attribute("class", List.of("low", "high")));
		Instances data = new Instances("toy", attributes, 40);
		data.setClassIndex(2);
		Random random = new Random(7);
		for (int i = 0; i < 40; i++) {
			double a = random.nextDouble() * 10;
			data.add(new DenseInstance(1.0, new double[] { a, random.nextDouble(), (a > 5) ? 1 : 0 }));
		}
		return data;
	}

	static J48 trainedJ48() throws Exception {
		J48 tree = new J48();
		tree.buildClassifier(data());
		return tree;
	}

	/** A model file as the trainer writes it: the classifier, then the header. */
	static byte[] modelFile(Classifier classifier) throws IOException {
		return serialize(classifier, new Instances(data(), 0));
	}

	static byte[] serialize(Object... objects) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			for (Object object : objects) {
				out.writeObject(object);
			}
		}
		return bytes.toByteArray();
	}

}
