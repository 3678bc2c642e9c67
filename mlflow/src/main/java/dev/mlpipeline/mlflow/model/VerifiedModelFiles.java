package dev.mlpipeline.mlflow.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.mlpipeline.mlflow.ArtifactFile;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowException;
import dev.mlpipeline.mlflow.MlflowInvalidParameterException;
import dev.mlpipeline.mlflow.MlflowNotFoundException;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelFileException.Kind;

/**
 * The one verified path from a registry version to its model, shared by the promoter
 * (which checks a version before it moves production to it) and serving (which loads it):
 * the registry says where the version's files are ({@code get-download-uri}, so versions
 * of MLflow 2 run paths and of MLflow 3 {@code models:/} LoggedModels both resolve), and
 * the file must be there, within the size limit, match the version's {@code sha256} tag
 * and pass {@link WekaModelFile#read}.
 */
public class VerifiedModelFiles {

	private static final Pattern LOGGED_MODEL_LOCATION = Pattern.compile(".*/models/m-[^/]+/artifacts/?");

	private final ModelRegistry registry;

	private final MlflowArtifacts artifacts;

	private final ModelFileLimits limits;

	public VerifiedModelFiles(ModelRegistry registry, MlflowArtifacts artifacts, ModelFileLimits limits) {
		this.registry = registry;
		this.artifacts = artifacts;
		this.limits = limits;
	}

	/**
	 * The limits model files are held to.
	 * @return the limits
	 */
	public ModelFileLimits limits() {
		return this.limits;
	}

	/**
	 * Downloads and verifies a version's model.
	 * @param version the version, with its tags
	 * @return the verified model
	 * @throws ModelFileException when the file is missing, too large, does not match the
	 * registry's SHA-256 or fails the read checks; {@link Kind#UNAVAILABLE} when MLflow
	 * failed
	 */
	public VerifiedModel fetch(ModelVersion version) throws ModelFileException {
		return fetchWithFile(version).model();
	}

	/**
	 * Downloads and verifies a version's model, keeping the file's bytes too (for a
	 * caller that measures the file, such as the trainer's cost figures of the champion).
	 * @param version the version, with its tags
	 * @return the verified model and the bytes it was read from
	 * @throws ModelFileException as {@link #fetch}
	 */
	public VerifiedModelFile fetchWithFile(ModelVersion version) throws ModelFileException {
		String expected = version.tags().get(ModelTags.SHA256);
		if (expected == null || expected.isBlank()) {
			throw new ModelFileException(Kind.CHECKSUM,
					"version " + version.version() + " has no " + ModelTags.SHA256 + " tag to verify its model file");
		}
		String source = location(version);
		String path = underSource(source, ModelArtifacts.MODEL_FILE);
		ArtifactFile listed = find(source, path);
		if (listed.fileSize() != null && listed.fileSize() > this.limits.maxBytes()) {
			throw new ModelFileException(Kind.TOO_LARGE, "model file is " + listed.fileSize() + " bytes, more than the "
					+ this.limits.maxBytes() + " allowed");
		}
		byte[] file = download(source, path);
		String actual = sha256(file);
		if (!actual.equalsIgnoreCase(expected.trim())) {
			throw new ModelFileException(Kind.CHECKSUM,
					"SHA-256 of the model file is " + actual + " but the registry says " + expected.trim());
		}
		WekaModelFile model = WekaModelFile.read(file, this.limits);
		return new VerifiedModelFile(new VerifiedModel(version, model.classifier(), model.header(), actual, source),
				file);
	}

	/**
	 * Where the registry says a version's files are.
	 * @param version the version
	 * @return its artifact location
	 * @throws ModelFileException {@link Kind#NOT_FOUND} when the registry knows no such
	 * version or gives no location, {@link Kind#UNAVAILABLE} when MLflow failed
	 */
	public String location(ModelVersion version) throws ModelFileException {
		try {
			return this.registry.getDownloadUri(version.name(), version.version());
		}
		catch (MlflowNotFoundException | MlflowInvalidParameterException ex) {
			throw new ModelFileException(Kind.NOT_FOUND,
					"the registry has no files for " + version.name() + " version " + version.version(), ex);
		}
		catch (MlflowException ex) {
			throw new ModelFileException(Kind.UNAVAILABLE,
					"MLflow failed to say where version " + version.version() + " is: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads another file of a version's model directory, such as the schema, listing the
	 * directory first: MLflow answers a missing artifact with a 500, indistinguishable
	 * from an outage.
	 * @param location the version's location ({@link #location},
	 * {@link VerifiedModel#location()})
	 * @param layoutFile a path of {@link ModelArtifacts}, e.g.
	 * {@link ModelArtifacts#SCHEMA_FILE}
	 * @return the bytes, or empty when the file is not there
	 * @throws MlflowException when MLflow fails
	 */
	public Optional<byte[]> readLayoutFile(String location, String layoutFile) {
		String path = underSource(location, layoutFile);
		if (listed(location, path).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(this.artifacts.download(location, path));
	}

	/**
	 * The path of a layout file under a version's location: the location is the model
	 * directory itself (a run's {@code model/} directory, or an MLflow 3 LoggedModel's
	 * artifact root), else a run's artifact root that holds {@code model/}.
	 * @param source the version's location
	 * @param file a path of {@link ModelArtifacts}, starting with {@code model/}
	 * @return the path relative to the location
	 */
	public static String underSource(String source, String file) {
		String trimmed = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
		String prefix = ModelArtifacts.DIRECTORY + "/";
		boolean modelDirectory = trimmed.endsWith("/" + ModelArtifacts.DIRECTORY)
				|| LOGGED_MODEL_LOCATION.matcher(trimmed).matches();
		return (modelDirectory && file.startsWith(prefix)) ? file.substring(prefix.length()) : file;
	}

	/**
	 * The hex SHA-256 of some bytes.
	 * @param content the bytes
	 * @return lower-case hex
	 */
	public static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ArtifactFile find(String source, String path) throws ModelFileException {
		Optional<ArtifactFile> listed;
		try {
			listed = listed(source, path);
		}
		catch (MlflowException ex) {
			throw new ModelFileException(Kind.UNAVAILABLE,
					"MLflow failed to list the artifacts of " + source + ": " + ex.getMessage(), ex);
		}
		return listed.orElseThrow(() -> new ModelFileException(Kind.NOT_FOUND, path + " not found under " + source));
	}

	/** The listing entry of a file, empty when neither it nor its directory exists. */
	private Optional<ArtifactFile> listed(String source, String path) {
		int slash = path.lastIndexOf('/');
		String directory = (slash < 0) ? null : path.substring(0, slash);
		List<ArtifactFile> files;
		try {
			files = this.artifacts.list(source, directory);
		}
		catch (MlflowNotFoundException | MlflowInvalidParameterException ex) {
			return Optional.empty();
		}
		return files.stream().filter((file) -> !file.directory() && path.equals(file.path())).findFirst();
	}

	private byte[] download(String source, String path) throws ModelFileException {
		try {
			return this.artifacts.download(source, path);
		}
		catch (MlflowNotFoundException ex) {
			throw new ModelFileException(Kind.NOT_FOUND, path + " not found under " + source, ex);
		}
		catch (MlflowException ex) {
			throw new ModelFileException(Kind.UNAVAILABLE, "MLflow failed to serve " + path + ": " + ex.getMessage(),
					ex);
		}
	}

}
