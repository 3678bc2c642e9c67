package dev.mlpipeline.mlflow.model;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a deserialization gadget: reading it writes a file, so a test can see
 * whether any code of an object outside the allow-list ran.
 */
class SideEffectGadget implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String marker;

	SideEffectGadget(Path marker) {
		this.marker = marker.toString();
	}

	@Serial
	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		Files.writeString(Path.of(this.marker), "the gadget ran");
	}

}
