package dev.mlpipeline.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import weka.core.Instance;
import weka.core.Instances;

/**
 * New snapshots of the iris data as an upstream system might deliver them: every
 * measurement now in millimetres, and a fresh draw (each value jittered by a seeded
 * normal noise of 2 mm), so a model trained on one snapshot is scored on rows it never
 * saw when the next one arrives.
 */
final class Snapshots {

	/** The spread of the jitter, in millimetres. */
	static final double JITTER_MM = 2.0;

	private Snapshots() {
	}

	/**
	 * The iris data as Weka ships it, the rows behind the trainer's {@code builtin:iris}.
	 * @return the 150 rows, the class last
	 * @throws IOException when Weka's copy cannot be read
	 */
	static Instances iris() throws IOException {
		try (var reader = new java.io.InputStreamReader(
				Snapshots.class.getResourceAsStream("/weka/gui/beans/templates/iris.arff"), StandardCharsets.UTF_8)) {
			Instances data = new Instances(reader);
			data.setClassIndex(data.numAttributes() - 1);
			return data;
		}
	}

	/**
	 * A snapshot in millimetres.
	 * @param iris the iris data, in centimetres
	 * @param seed the seed of the jitter
	 * @return the rows, same classes, measurements times ten plus noise, rounded to 0.1
	 * mm
	 */
	static Instances millimetres(Instances iris, long seed) {
		Random random = new Random(seed);
		Instances snapshot = new Instances(iris);
		snapshot.setRelationName("iris-mm-" + seed);
		for (Instance row : snapshot) {
			for (int attribute = 0; attribute < snapshot.numAttributes(); attribute++) {
				if (attribute != snapshot.classIndex()) {
					double value = row.value(attribute) * 10 + random.nextGaussian() * JITTER_MM;
					row.setValue(attribute, Math.round(value * 10) / 10.0);
				}
			}
		}
		return snapshot;
	}

	/**
	 * Writes a snapshot as an ARFF file.
	 * @param snapshot the rows
	 * @param file where to
	 * @throws IOException when the file cannot be written
	 */
	static void write(Instances snapshot, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, snapshot.toString() + "\n", StandardCharsets.UTF_8);
	}

}
