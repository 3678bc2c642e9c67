package dev.mlpipeline.promoter.promotion;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelFileException;

/**
 * MLflow could not serve a version's model file for the check before a production move:
 * nothing was decided or changed; a registration is retried, an operator gets a 503.
 */
public class ArtifactUnavailableException extends RuntimeException {

	ArtifactUnavailableException(ModelVersion version, ModelFileException cause) {
		super("Could not check the model file of model " + version.name() + " version " + version.version() + ": "
				+ cause.getMessage(), cause);
	}

}
