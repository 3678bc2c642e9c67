package dev.mlpipeline.mlflow.model;

/**
 * How much a model file may make the JVM build while it is read: a file over these limits
 * is refused before it can exhaust memory or the stack.
 *
 * @param maxBytes the largest model file, in bytes
 * @param maxDepth the deepest object nesting
 * @param maxReferences the most object references
 * @param maxArrayLength the longest array
 */
public record ModelFileLimits(long maxBytes, long maxDepth, long maxReferences, long maxArrayLength) {

	/** The limits serving ships with: a 256 MB file, depth 2000, 50 M references. */
	public static final ModelFileLimits DEFAULTS = new ModelFileLimits(256L * 1024 * 1024, 2000, 50_000_000L,
			50_000_000L);

	public ModelFileLimits {
		if (maxBytes < 1 || maxDepth < 1 || maxReferences < 1 || maxArrayLength < 1) {
			throw new IllegalArgumentException("model file limits must be positive");
		}
	}

}
