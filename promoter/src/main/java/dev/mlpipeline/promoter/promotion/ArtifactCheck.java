package dev.mlpipeline.promoter.promotion;

import java.util.Optional;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelFileException;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;

import org.springframework.stereotype.Component;

/**
 * Checks, before production moves to a version, that serving will be able to load it: its
 * model file exists, matches the version's {@code sha256} tag and passes the
 * deserialization allow-list and the file-reference walk, the same verified read serving
 * uses. A champion that cannot load is never made.
 */
@Component
public class ArtifactCheck {

	/** The reason line of a sound model file. */
	public static final String PASS = "artifact: pass (model file matches its SHA-256 and passes the allow-list)";

	private final VerifiedModelFiles files;

	ArtifactCheck(VerifiedModelFiles files) {
		this.files = files;
	}

	/**
	 * What is wrong with a version's model file.
	 * @param version the version, with its tags
	 * @return empty when the file is sound, else the problem (never the file's content)
	 * @throws ArtifactUnavailableException when MLflow could not serve the file: nothing
	 * is known yet, try again
	 */
	public Optional<String> problem(ModelVersion version) {
		try {
			this.files.fetch(version);
			return Optional.empty();
		}
		catch (ModelFileException ex) {
			if (ex.kind().isTransient()) {
				throw new ArtifactUnavailableException(version, ex);
			}
			return Optional.of(ex.kind().label() + ": " + ex.getMessage());
		}
	}

	/**
	 * Refuses an operator's move to a version whose model file would not load.
	 * @param version the version, with its tags
	 * @return the reason line of a sound file
	 * @throws ArtifactRejectedException when the file fails the check
	 * @throws ArtifactUnavailableException when MLflow could not serve the file
	 */
	public String require(ModelVersion version) {
		Optional<String> problem = problem(version);
		if (problem.isPresent()) {
			throw new ArtifactRejectedException(version.name(), version.version(), problem.get());
		}
		return PASS;
	}

}
