package dev.mlpipeline.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * MLflow 3's LoggedModel API ({@code /api/2.0/mlflow/logged-models}): create a model in
 * an experiment, upload its files to its artifact location, link params and metrics to
 * it, then finalise it READY so the UI shows it under the experiment's Models tab.
 */
public class LoggedModels {

	private static final String API = "/api/2.0/mlflow/logged-models";

	private final MlflowConnection connection;

	public LoggedModels(MlflowConnection connection) {
		this.connection = connection;
	}

	/**
	 * Creates a LoggedModel, PENDING until {@link #finalizeModel finalised}.
	 * @param experimentId the experiment
	 * @param name the model's name in the experiment, e.g. {@code model}
	 * @param sourceRunId the run that produced it
	 * @param modelType a free-form type, e.g. {@code Classifier}
	 * @param params params recorded on the model (immutable once logged)
	 * @param tags tags of the model
	 * @return the new model, with its id and artifact location
	 */
	public LoggedModel create(String experimentId, String name, String sourceRunId, String modelType,
			Map<String, String> params, Map<String, String> tags) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("experiment_id", experimentId);
		body.put("name", name);
		body.put("source_run_id", sourceRunId);
		if (modelType != null) {
			body.put("model_type", modelType);
		}
		if (params != null && !params.isEmpty()) {
			body.put("params", Wire.toKeyValues(params));
		}
		if (tags != null && !tags.isEmpty()) {
			body.put("tags", Wire.toKeyValues(tags));
		}
		return Wire.loggedModel(this.connection.post(API, body).path("model"));
	}

	/**
	 * Reads a LoggedModel with its params and metrics.
	 * @param modelId the model id
	 * @return the model
	 * @throws MlflowNotFoundException when there is none
	 */
	public LoggedModel get(String modelId) {
		return Wire.loggedModel(this.connection.get(API + "/" + MlflowConnection.encode(modelId), null).path("model"));
	}

	/**
	 * Sets a LoggedModel's final status.
	 * @param modelId the model id
	 * @param status {@link LoggedModel#READY} or {@link LoggedModel#UPLOAD_FAILED}
	 * @return the model after the change
	 */
	public LoggedModel finalizeModel(String modelId, String status) {
		return Wire.loggedModel(this.connection
			.patch(API + "/" + MlflowConnection.encode(modelId), Map.of("model_id", modelId, "status", status))
			.path("model"));
	}

	/**
	 * The LoggedModels of some experiments, newest first, all pages read.
	 * @param experimentIds the experiments
	 * @return the models
	 */
	public List<LoggedModel> search(List<String> experimentIds) {
		List<LoggedModel> models = new ArrayList<>();
		String pageToken = null;
		do {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("experiment_ids", experimentIds);
			body.put("max_results", 100);
			if (pageToken != null) {
				body.put("page_token", pageToken);
			}
			JsonNode answer = this.connection.post(API + "/search", body);
			answer.path("models").forEach((model) -> models.add(Wire.loggedModel(model)));
			pageToken = Wire.text(answer, "next_page_token");
		}
		while (pageToken != null && !pageToken.isEmpty());
		return models;
	}

}
