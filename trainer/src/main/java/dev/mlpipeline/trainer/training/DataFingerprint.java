package dev.mlpipeline.trainer.training;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import weka.core.Instance;
import weka.core.Instances;

/**
 * The SHA-256 of a data set as the trainer loaded it (its attributes and class, then
 * every row, as ARFF text; not the relation's name, which follows the file's), recorded
 * on each run so a later job can tell whether its champion was trained on exactly its
 * rows: scored on rows it has seen, a champion looks better than it is.
 */
public final class DataFingerprint {

	private DataFingerprint() {
	}

	/**
	 * The fingerprint of a data set.
	 * @param data the loaded rows
	 * @return lower-case hex SHA-256
	 */
	public static String of(Instances data) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (int i = 0; i < data.numAttributes(); i++) {
				digest.update((data.attribute(i) + "\n").getBytes(StandardCharsets.UTF_8));
			}
			digest.update(("class " + data.classIndex() + "\n").getBytes(StandardCharsets.UTF_8));
			for (Instance row : data) {
				digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
				digest.update((byte) '\n');
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
