package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import weka.classifiers.Classifier;
import weka.classifiers.MultipleClassifiersCombiner;
import weka.classifiers.SingleClassifierEnhancer;
import weka.classifiers.bayes.BayesNet;
import weka.classifiers.functions.SMO;
import weka.classifiers.lazy.IBk;
import weka.classifiers.meta.FilteredClassifier;
import weka.classifiers.rules.DecisionTable;
import weka.core.OptionHandler;
import weka.core.Utils;
import weka.core.neighboursearch.NearestNeighbourSearch;
import weka.filters.MultiFilter;

/**
 * Reads a job's Weka option string before Weka does, and the configured classifier after:
 * every class named anywhere in the options (nested specs such as
 * {@code -K "weka...PolyKernel -E 1.0"} and {@code -W cls -- inner options} are walked
 * recursively) must be on {@link AllowedAlgorithms}, and every file-valued option must
 * name a file inside the data directory, which is handed to Weka as its real path. Weka
 * resolves class names and opens files while it parses options, so nothing else may reach
 * it.
 */
final class OptionInspector {

	/** A dotted Java name: how Weka options name a class. */
	private static final Pattern CLASS_NAME = Pattern.compile("(?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*");

	/** XML that could make Weka's BIF reader fetch another file or URL. */
	private static final Pattern EXTERNAL_XML = Pattern
		.compile("(?is)<!ENTITY|<!DOCTYPE[^>\\[]*\\b(?:SYSTEM|PUBLIC)\\b");

	private static final int MAX_DEPTH = 16;

	private final DataDirectory dataDir;

	OptionInspector(DataDirectory dataDir) {
		this.dataDir = dataDir;
	}

	/**
	 * Checks the options of an allowed class and returns them as Weka should see them.
	 * @param className the allowed class the options configure
	 * @param options the options, split
	 * @return the same options, file values replaced by their real paths
	 * @throws InvalidJobException naming {@code options} when a class is not allowed or a
	 * file lies outside the data directory
	 */
	String[] inspect(String className, String[] options) {
		return walk(Set.of(className), options, 0, false);
	}

	/**
	 * Checks a configured object graph: every object in it is of an allowed class, and
	 * its effective options name only allowed classes and files inside the data
	 * directory.
	 * @param classifier the configured, untrained classifier
	 * @throws InvalidJobException naming {@code options} otherwise
	 */
	void verify(Classifier classifier) {
		verify(classifier, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
	}

	private void verify(Object object, int depth, Set<Object> seen) {
		if (object == null || !seen.add(object)) {
			return;
		}
		if (depth > MAX_DEPTH) {
			throw new InvalidJobException("options", "nests classes more than " + MAX_DEPTH + " levels deep");
		}
		String className = object.getClass().getName();
		requireAllowed(className);
		if (object instanceof OptionHandler handler) {
			walk(Set.of(className), handler.getOptions(), 0, true);
		}
		for (Object part : parts(object)) {
			verify(part, depth + 1, seen);
		}
	}

	/** The objects an allowed class holds that Weka may have built from its options. */
	private static List<Object> parts(Object object) {
		List<Object> parts = new ArrayList<>();
		if (object instanceof SingleClassifierEnhancer enhancer) {
			parts.add(enhancer.getClassifier());
		}
		if (object instanceof MultipleClassifiersCombiner combiner) {
			parts.addAll(Arrays.asList(combiner.getClassifiers()));
		}
		if (object instanceof FilteredClassifier filtered) {
			parts.add(filtered.getFilter());
		}
		if (object instanceof MultiFilter multi) {
			parts.addAll(Arrays.asList(multi.getFilters()));
		}
		if (object instanceof SMO smo) {
			parts.add(smo.getKernel());
			parts.add(smo.getCalibrator());
		}
		if (object instanceof IBk ibk) {
			parts.add(ibk.getNearestNeighbourSearchAlgorithm());
		}
		if (object instanceof NearestNeighbourSearch search) {
			parts.add(search.getDistanceFunction());
		}
		if (object instanceof BayesNet net) {
			parts.add(net.getSearchAlgorithm());
			parts.add(net.getEstimator());
		}
		if (object instanceof DecisionTable table) {
			parts.add(table.getSearch());
		}
		return parts;
	}

	/**
	 * Walks one level of options. {@code owners} are the classes the tokens may
	 * configure: Weka hands the tokens after {@code --} to the class named before it, so
	 * the tail is owned by every class named in the head as well, which only ever checks
	 * more.
	 */
	private String[] walk(Set<String> owners, String[] tokens, int depth, boolean verifying) {
		if (depth > MAX_DEPTH) {
			throw new InvalidJobException("options", "nests classes more than " + MAX_DEPTH + " levels deep");
		}
		int split = Arrays.asList(tokens).indexOf("--");
		String[] head = (split < 0) ? tokens : Arrays.copyOfRange(tokens, 0, split);
		Set<String> fileFlags = new LinkedHashSet<>();
		owners.forEach((owner) -> AllowedAlgorithms.fileOptions(owner).forEach((flag) -> fileFlags.add("-" + flag)));
		Set<String> named = new LinkedHashSet<>(owners);
		List<String> out = new ArrayList<>();
		for (int i = 0; i < head.length; i++) {
			String token = head[i];
			if (fileFlags.contains(token) && i + 1 < head.length) {
				out.add(token);
				out.add(file(token, head[++i], verifying));
			}
			else {
				out.add(token(token, named, depth, verifying));
			}
		}
		if (split >= 0) {
			out.add("--");
			out.addAll(Arrays
				.asList(walk(named, Arrays.copyOfRange(tokens, split + 1, tokens.length), depth + 1, verifying)));
		}
		return out.toArray(String[]::new);
	}

	private String token(String token, Set<String> named, int depth, boolean verifying) {
		if (token.chars().anyMatch(Character::isWhitespace)) {
			String[] parts = split(token);
			if (parts.length > 0 && CLASS_NAME.matcher(parts[0]).matches()) {
				requireAllowed(parts[0]);
				String[] inner = walk(Set.of(parts[0]), Arrays.copyOfRange(parts, 1, parts.length), depth + 1,
						verifying);
				String[] spec = new String[inner.length + 1];
				spec[0] = parts[0];
				System.arraycopy(inner, 0, spec, 1, inner.length);
				return Utils.joinOptions(spec);
			}
			// a quoted value, not a class spec: looked into, handed on unchanged
			if (!Arrays.equals(walk(named, parts, depth + 1, verifying), parts)) {
				throw new InvalidJobException("options", "a file option may not hide inside a quoted value");
			}
			return token;
		}
		if (CLASS_NAME.matcher(token).matches()) {
			requireAllowed(token);
			named.add(token);
		}
		return token;
	}

	private String file(String flag, String value, boolean verifying) {
		if (verifying) {
			if (!value.isEmpty() && !this.dataDir.holds(value)) {
				throw new InvalidJobException("options", "option " + flag + " names a file outside the data directory");
			}
			return value;
		}
		Path real = this.dataDir.resolve("options", value);
		try {
			if (EXTERNAL_XML.matcher(Files.readString(real)).find()) {
				throw new InvalidJobException("options",
						"option " + flag + ": '" + value + "' declares external XML entities, which are refused");
			}
		}
		catch (IOException ex) {
			throw new InvalidJobException("options", "option " + flag + ": cannot read '" + value + "' as text", ex);
		}
		return real.toString();
	}

	private static void requireAllowed(String className) {
		if (AllowedAlgorithms.NEVER.contains(className)) {
			throw new InvalidJobException("options",
					"'" + className + "' is never allowed: it loads models or files the trainer cannot vouch for");
		}
		if (!AllowedAlgorithms.isAllowed(className)) {
			throw new InvalidJobException("options", "'" + className
					+ "' is not on the trainer's allow-list of classifiers and helper classes (see the trainer README)");
		}
	}

	static String[] split(String options) {
		try {
			return Utils.splitOptions(options);
		}
		catch (Exception ex) {
			throw new InvalidJobException("options", "cannot parse '" + options + "': " + Failures.message(ex), ex);
		}
	}

}
