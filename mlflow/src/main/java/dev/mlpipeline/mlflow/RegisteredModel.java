package dev.mlpipeline.mlflow;

import java.util.List;
import java.util.Map;

/**
 * A registered model: the named lineage of versions that promotion moves between.
 *
 * @param name the model name
 * @param aliases alias to version number
 * @param tags the model tags
 * @param latestVersions the latest version in each stage
 */
public record RegisteredModel(String name, Map<String, String> aliases, Map<String, String> tags,
		List<ModelVersion> latestVersions) {

	public RegisteredModel {
		aliases = (aliases != null) ? Map.copyOf(aliases) : Map.of();
		tags = (tags != null) ? Map.copyOf(tags) : Map.of();
		latestVersions = (latestVersions != null) ? List.copyOf(latestVersions) : List.of();
	}

}
