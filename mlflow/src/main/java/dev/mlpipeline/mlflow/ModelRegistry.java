package dev.mlpipeline.mlflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The MLflow Model Registry: registered models, their versions, tags, aliases and stages;
 * the source of truth for which version is in production.
 */
public class ModelRegistry {

	/** How long {@link #createModelVersion} waits for a version to become READY. */
	public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(5);

	private static final String MODELS = "/api/2.0/mlflow/registered-models";

	private static final String VERSIONS = "/api/2.0/mlflow/model-versions";

	private static final Duration FIRST_POLL = Duration.ofMillis(50);

	private static final Duration MAX_POLL = Duration.ofSeconds(2);

	private static final int SEARCH_PAGE_SIZE = 1000;

	private final MlflowConnection connection;

	public ModelRegistry(MlflowConnection connection) {
		this.connection = connection;
	}

	/**
	 * Returns the registered model with this name, creating it when it does not exist.
	 * @param name the model name
	 * @return the registered model
	 */
	public RegisteredModel getOrCreateRegisteredModel(String name) {
		Optional<RegisteredModel> existing = findRegisteredModel(name);
		if (existing.isPresent()) {
			return existing.get();
		}
		try {
			return Wire.registeredModel(
					this.connection.post(MODELS + "/create", Map.of("name", name)).path("registered_model"));
		}
		catch (MlflowAlreadyExistsException ex) {
			return findRegisteredModel(name).orElseThrow(() -> ex);
		}
	}

	/**
	 * Looks a registered model up.
	 * @param name the model name
	 * @return the model, or empty when there is none
	 */
	public Optional<RegisteredModel> findRegisteredModel(String name) {
		try {
			return Optional.of(Wire
				.registeredModel(this.connection.get(MODELS + "/get", Map.of("name", name)).path("registered_model")));
		}
		catch (MlflowNotFoundException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The names of every registered model, all pages read.
	 * @return the names, in the server's order
	 */
	public List<String> searchRegisteredModelNames() {
		List<String> names = new ArrayList<>();
		String pageToken = null;
		do {
			Map<String, Object> query = new LinkedHashMap<>();
			query.put("max_results", SEARCH_PAGE_SIZE);
			if (pageToken != null) {
				query.put("page_token", pageToken);
			}
			JsonNode answer = this.connection.get(MODELS + "/search", query);
			for (JsonNode model : answer.path("registered_models")) {
				String name = Wire.text(model, "name");
				if (name != null) {
					names.add(name);
				}
			}
			pageToken = Wire.text(answer, "next_page_token");
		}
		while (pageToken != null && !pageToken.isEmpty());
		return names;
	}

	/**
	 * Registers a new version from a run's artifacts and waits until it is READY.
	 * @param name the registered model (must exist)
	 * @param source the artifact location, e.g.
	 * {@code mlflow-artifacts:/1/<run>/artifacts/model} or {@code runs:/<run>/model}
	 * @param runId the run that produced it
	 * @param tags version tags, may be empty
	 * @return the READY version
	 * @throws MlflowRegistrationException when registration fails or times out
	 */
	public ModelVersion createModelVersion(String name, String source, String runId, Map<String, String> tags) {
		return createModelVersion(name, source, runId, tags, DEFAULT_READY_TIMEOUT);
	}

	/**
	 * Registers a new version and waits at most {@code timeout} for it to be READY.
	 * @param name the registered model (must exist)
	 * @param source the artifact location
	 * @param runId the run that produced it
	 * @param tags version tags, may be empty
	 * @param timeout how long to wait for READY
	 * @return the READY version
	 */
	public ModelVersion createModelVersion(String name, String source, String runId, Map<String, String> tags,
			Duration timeout) {
		return createModelVersion(name, source, runId, null, tags, timeout);
	}

	/**
	 * Registers a new version of an MLflow 3 LoggedModel (or of any source) and waits at
	 * most {@code timeout} for it to be READY.
	 * @param name the registered model (must exist)
	 * @param source the artifact location, {@code models:/<model id>} for a LoggedModel
	 * @param runId the run that produced it
	 * @param modelId the LoggedModel, or {@code null}
	 * @param tags version tags, may be empty
	 * @param timeout how long to wait for READY
	 * @return the READY version
	 */
	public ModelVersion createModelVersion(String name, String source, String runId, String modelId,
			Map<String, String> tags, Duration timeout) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("source", source);
		if (runId != null) {
			body.put("run_id", runId);
		}
		if (modelId != null) {
			body.put("model_id", modelId);
		}
		body.put("tags", Wire.toKeyValues(tags));
		ModelVersion created = Wire
			.modelVersion(this.connection.post(VERSIONS + "/create", body).path("model_version"));
		return awaitReady(name, created.version(), timeout);
	}

	/**
	 * Polls a version until it is READY; MLflow registers some sources asynchronously.
	 * @param name the registered model
	 * @param version the version
	 * @param timeout how long to wait
	 * @return the READY version
	 * @throws MlflowRegistrationException on {@code FAILED_REGISTRATION} or timeout
	 */
	public ModelVersion awaitReady(String name, String version, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Duration pause = FIRST_POLL;
		while (true) {
			JsonNode answer = this.connection.get(VERSIONS + "/get", Map.of("name", name, "version", version))
				.path("model_version");
			ModelVersion current = Wire.modelVersion(answer);
			if (current.isReady()) {
				return current;
			}
			if (ModelVersion.FAILED_REGISTRATION.equals(current.status())) {
				throw new MlflowRegistrationException(MlflowRegistrationException.FAILED_REGISTRATION, "Model " + name
						+ " version " + version + " failed registration: " + Wire.text(answer, "status_message"));
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new MlflowRegistrationException(MlflowRegistrationException.TIMEOUT,
						"Model " + name + " version " + version + " still " + current.status() + " after " + timeout);
			}
			sleep(Duration.ofNanos(Math.min(left, pause.toNanos())));
			pause = (pause.compareTo(MAX_POLL) < 0) ? pause.multipliedBy(2) : MAX_POLL;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(Math.max(1, duration.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MlflowUnavailableException("Interrupted while waiting for a model version", ex);
		}
	}

	/**
	 * Reads one version.
	 * @param name the registered model
	 * @param version the version
	 * @return the version
	 * @throws MlflowNotFoundException when there is none
	 */
	public ModelVersion getModelVersion(String name, String version) {
		return Wire.modelVersion(
				this.connection.get(VERSIONS + "/get", Map.of("name", name, "version", version)).path("model_version"));
	}

	/**
	 * Where a version's files are, as the registry resolves it: the version's
	 * {@code source} for a run artifact path, the LoggedModel's artifact location for an
	 * MLflow 3 {@code models:/<id>} source. The one way to find a version's files that
	 * works for versions registered by any MLflow client.
	 * @param name the registered model
	 * @param version the version
	 * @return the artifact URI, e.g. {@code mlflow-artifacts:/1/models/m-<id>/artifacts}
	 * @throws MlflowNotFoundException when the model or version does not exist
	 */
	public String getDownloadUri(String name, String version) {
		String uri = Wire.text(
				this.connection.get(VERSIONS + "/get-download-uri", Map.of("name", name, "version", version)),
				"artifact_uri");
		if (uri == null || uri.isBlank()) {
			throw new MlflowException(null, 200,
					"MLflow gave no download URI for model " + name + " version " + version);
		}
		return uri;
	}

	/**
	 * Looks one version up.
	 * @param name the registered model
	 * @param version the version
	 * @return the version, or empty when the model or version does not exist
	 */
	public Optional<ModelVersion> findModelVersion(String name, String version) {
		try {
			return Optional.of(getModelVersion(name, version));
		}
		catch (MlflowNotFoundException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Lists every version of a model, following every page.
	 * @param name the registered model
	 * @return its versions (empty when the model has none or does not exist)
	 */
	public List<ModelVersion> searchModelVersions(String name) {
		List<ModelVersion> versions = new ArrayList<>();
		String pageToken = null;
		do {
			Map<String, Object> query = new LinkedHashMap<>();
			query.put("filter", "name='" + name.replace("'", "\\'") + "'");
			query.put("max_results", SEARCH_PAGE_SIZE);
			if (pageToken != null) {
				query.put("page_token", pageToken);
			}
			JsonNode answer = this.connection.get(VERSIONS + "/search", query);
			versions.addAll(Wire.modelVersions(answer.get("model_versions")));
			pageToken = Wire.text(answer, "next_page_token");
		}
		while (pageToken != null && !pageToken.isEmpty());
		return versions;
	}

	/**
	 * Sets a version tag.
	 * @param name the registered model
	 * @param version the version
	 * @param key the tag key
	 * @param value the tag value
	 */
	public void setModelVersionTag(String name, String version, String key, String value) {
		this.connection.post(VERSIONS + "/set-tag",
				Map.of("name", name, "version", version, "key", key, "value", value));
	}

	/**
	 * Deletes a version tag.
	 * @param name the registered model
	 * @param version the version
	 * @param key the tag key
	 */
	public void deleteModelVersionTag(String name, String version, String key) {
		this.connection.delete(VERSIONS + "/delete-tag", Map.of("name", name, "version", version, "key", key));
	}

	/**
	 * Points an alias at a version, moving it when it pointed elsewhere.
	 * @param name the registered model
	 * @param alias the alias, e.g. {@code champion} ({@code latest} is reserved)
	 * @param version the version
	 */
	public void setAlias(String name, String alias, String version) {
		this.connection.post(MODELS + "/alias", Map.of("name", name, "alias", alias, "version", version));
	}

	/**
	 * Removes an alias; removing an alias that is not set is not an error.
	 * @param name the registered model
	 * @param alias the alias
	 */
	public void deleteAlias(String name, String alias) {
		this.connection.delete(MODELS + "/alias", Map.of("name", name, "alias", alias));
	}

	/**
	 * The version an alias points at.
	 * @param name the registered model
	 * @param alias the alias
	 * @return the version, or empty when the alias is unset or the model does not exist
	 */
	public Optional<ModelVersion> findVersionByAlias(String name, String alias) {
		try {
			return Optional
				.of(Wire.modelVersion(this.connection.get(MODELS + "/alias", Map.of("name", name, "alias", alias))
					.path("model_version")));
		}
		catch (MlflowNotFoundException ex) {
			return Optional.empty();
		}
		catch (MlflowInvalidParameterException ex) {
			// MLflow answers an unset alias with 400 INVALID_PARAMETER_VALUE, not 404
			if (ex.getMessage() != null && ex.getMessage().contains("alias") && ex.getMessage().contains("not found")) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Moves a version to a stage.
	 * @param name the registered model
	 * @param version the version
	 * @param stage {@code None}, {@code Staging}, {@code Production} or {@code Archived}
	 * @param archiveExistingVersions whether the versions now in that stage are archived
	 * @return the version after the transition
	 */
	public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExistingVersions) {
		Map<String, Object> body = Map.of("name", name, "version", version, "stage", stage, "archive_existing_versions",
				archiveExistingVersions);
		return Wire.modelVersion(this.connection.post(VERSIONS + "/transition-stage", body).path("model_version"));
	}

	/**
	 * The newest version in a stage.
	 * @param name the registered model
	 * @param stage the stage, e.g. {@code Production}
	 * @return the version, or empty when no version is in that stage or the model does
	 * not exist
	 */
	public Optional<ModelVersion> findLatestInStage(String name, String stage) {
		try {
			JsonNode answer = this.connection.post(MODELS + "/get-latest-versions",
					Map.of("name", name, "stages", List.of(stage)));
			return Wire.modelVersions(answer.get("model_versions")).stream().findFirst();
		}
		catch (MlflowNotFoundException ex) {
			return Optional.empty();
		}
	}

}
