package dev.mlpipeline.kafka.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares generated files with a folder's, naming each that differs, and writes them.
 */
final class ContractFiles {

	private ContractFiles() {
	}

	/**
	 * What differs between the generated files and a folder's.
	 * @param expected path relative to the folder, to content
	 * @param folder the folder
	 * @param foreign files of the folder written by someone else, left alone
	 * @return one line per file that is missing, differs, or is no longer generated
	 */
	static List<String> differences(Map<String, String> expected, Path folder, Set<String> foreign) {
		List<String> differences = new ArrayList<>();
		expected.forEach((name, content) -> {
			Path file = folder.resolve(name);
			if (!Files.isRegularFile(file)) {
				differences.add(name + ": missing");
				return;
			}
			String actual = read(file);
			if (!actual.equals(content)) {
				differences.add(name + ": differs from the code at line " + firstDifference(actual, content));
			}
		});
		for (String name : existing(folder)) {
			if (!expected.containsKey(name) && !foreign.contains(name)) {
				differences.add(name + ": no longer generated");
			}
		}
		return differences;
	}

	/**
	 * Writes the generated files and deletes those no longer generated.
	 * @param expected path relative to the folder, to content
	 * @param folder the folder
	 * @param foreign files of the folder written by someone else, left alone
	 */
	static void write(Map<String, String> expected, Path folder, Set<String> foreign) {
		try {
			for (String name : existing(folder)) {
				if (!expected.containsKey(name) && !foreign.contains(name)) {
					Files.delete(folder.resolve(name));
				}
			}
			for (Map.Entry<String, String> file : expected.entrySet()) {
				Path path = folder.resolve(file.getKey());
				Files.createDirectories(path.getParent());
				Files.writeString(path, file.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Set<String> existing(Path folder) {
		Set<String> names = new TreeSet<>();
		if (Files.isDirectory(folder)) {
			try (Stream<Path> files = Files.walk(folder)) {
				files.filter(Files::isRegularFile)
					.forEach((file) -> names.add(folder.relativize(file).toString().replace('\\', '/')));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return names;
	}

	private static int firstDifference(String actual, String expected) {
		String[] a = actual.split("\n", -1);
		String[] b = expected.split("\n", -1);
		for (int line = 0; line < Math.min(a.length, b.length); line++) {
			if (!a[line].equals(b[line])) {
				return line + 1;
			}
		}
		return Math.min(a.length, b.length) + 1;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
