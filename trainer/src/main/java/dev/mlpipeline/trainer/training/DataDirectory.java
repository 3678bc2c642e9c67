package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule for every file a job names (its data set, a file-valued Weka option): a
 * relative path that resolves to a regular file inside the trainer's data directory,
 * never an absolute path, a {@code ..} or a link leading out of it.
 */
final class DataDirectory {

	private final Path root;

	DataDirectory(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	/**
	 * Resolves a path inside the data directory.
	 * @param field the job field the path came from, named in a refusal
	 * @param relative the path as the job gives it
	 * @return the real path of an existing regular file inside the data directory
	 * @throws InvalidJobException naming {@code field} when the path is not such a file
	 */
	Path resolve(String field, String relative) {
		if (relative == null || relative.isBlank()) {
			throw new InvalidJobException(field, "needs a path relative to the data directory");
		}
		Path path;
		try {
			path = Path.of(relative);
		}
		catch (RuntimeException ex) {
			throw new InvalidJobException(field, "'" + relative + "' is not a valid path");
		}
		if (path.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
			throw new InvalidJobException(field,
					"'" + relative + "' is absolute; give a path relative to the data directory");
		}
		for (Path part : path) {
			if (part.toString().equals("..")) {
				throw new InvalidJobException(field, "'" + relative + "' leaves the data directory");
			}
		}
		Path candidate = this.root.resolve(path).normalize();
		if (!Files.isRegularFile(candidate)) {
			throw new InvalidJobException(field, "no file '" + relative + "' in the data directory");
		}
		try {
			Path real = candidate.toRealPath();
			if (!real.startsWith(this.root.toRealPath())) {
				throw new InvalidJobException(field, "'" + relative + "' links to a file outside the data directory");
			}
			return real;
		}
		catch (IOException ex) {
			throw new InvalidJobException(field, "cannot read '" + relative + "'", ex);
		}
	}

	/**
	 * Whether a path, as Weka reports it back, is a file inside the data directory.
	 * @param path an absolute path
	 * @return {@code true} when its real path lies inside the data directory
	 */
	boolean holds(String path) {
		try {
			Path given = Path.of(path);
			return given.isAbsolute() && given.toRealPath().startsWith(this.root.toRealPath());
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
