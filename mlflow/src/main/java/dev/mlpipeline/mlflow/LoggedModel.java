package dev.mlpipeline.mlflow;

import java.util.Map;

/**
 * An MLflow 3 LoggedModel: a model recorded as an entity of its own in an experiment,
 * with its own artifact location, params and the metrics linked to it.
 *
 * @param id the model id, {@code m-<hex>}
 * @param experimentId the experiment that holds it
 * @param name the model's name within the experiment
 * @param artifactUri where its files live, e.g.
 * {@code mlflow-artifacts:/1/models/m-<hex>/artifacts}
 * @param status {@code LOGGED_MODEL_PENDING}, {@code LOGGED_MODEL_READY} or
 * {@code LOGGED_MODEL_UPLOAD_FAILED}
 * @param sourceRunId the run that produced it
 * @param params its params
 * @param metrics the latest value of each metric linked to it
 * @param tags its tags
 */
public record LoggedModel(String id, String experimentId, String name, String artifactUri, String status,
		String sourceRunId, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags) {

	/** Status of a model whose files are still being uploaded. */
	public static final String PENDING = "LOGGED_MODEL_PENDING";

	/** Status of a model whose files are all in place. */
	public static final String READY = "LOGGED_MODEL_READY";

	/** Status of a model whose upload failed. */
	public static final String UPLOAD_FAILED = "LOGGED_MODEL_UPLOAD_FAILED";

	/** The scheme of a registry source naming a LoggedModel: {@code models:/m-<hex>}. */
	public static final String SOURCE_SCHEME = "models:/";

	public LoggedModel {
		params = (params != null) ? Map.copyOf(params) : Map.of();
		metrics = (metrics != null) ? Map.copyOf(metrics) : Map.of();
		tags = (tags != null) ? Map.copyOf(tags) : Map.of();
	}

	/**
	 * The registry source that names this model, as MLflow 3 clients register it.
	 * @return {@code models:/<id>}
	 */
	public String source() {
		return SOURCE_SCHEME + this.id;
	}

	/**
	 * Whether its files are all in place.
	 * @return {@code true} when READY
	 */
	public boolean isReady() {
		return READY.equals(this.status);
	}

}
