package dev.mlpipeline.mlflow;

/**
 * One entry of an artifact listing.
 *
 * @param path the path relative to the artifact URI that was listed from, usable as is
 * with {@link MlflowArtifacts#download(String, String)}
 * @param directory whether the entry is a directory
 * @param fileSize the size in bytes, {@code null} for directories
 */
public record ArtifactFile(String path, boolean directory, Long fileSize) {
}
