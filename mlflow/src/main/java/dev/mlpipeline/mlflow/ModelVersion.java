package dev.mlpipeline.mlflow;

import java.util.List;
import java.util.Map;

/**
 * A version of a registered model, as the MLflow Model Registry describes it.
 *
 * @param name the registered model name
 * @param version the version number, a string as on the wire ({@code "1"})
 * @param runId the run that produced it
 * @param source the artifact location it was registered from
 * @param status {@code PENDING_REGISTRATION}, {@code READY} or
 * {@code FAILED_REGISTRATION}
 * @param currentStage {@code None}, {@code Staging}, {@code Production} or
 * {@code Archived}
 * @param tags the version tags
 * @param aliases the aliases pointing at this version
 * @param creationTimestamp creation time in epoch milliseconds
 * @param lastUpdatedTimestamp last update time in epoch milliseconds
 */
public record ModelVersion(String name, String version, String runId, String source, String status, String currentStage,
		Map<String, String> tags, List<String> aliases, Long creationTimestamp, Long lastUpdatedTimestamp) {

	/** Status of a version whose artifacts are in place. */
	public static final String READY = "READY";

	/** Status of a version whose registration failed. */
	public static final String FAILED_REGISTRATION = "FAILED_REGISTRATION";

	/** Status of a version still being registered. */
	public static final String PENDING_REGISTRATION = "PENDING_REGISTRATION";

	public ModelVersion {
		tags = (tags != null) ? Map.copyOf(tags) : Map.of();
		aliases = (aliases != null) ? List.copyOf(aliases) : List.of();
	}

	/**
	 * Whether the version can be loaded.
	 * @return {@code true} when the status is {@code READY}
	 */
	public boolean isReady() {
		return READY.equals(this.status);
	}

}
