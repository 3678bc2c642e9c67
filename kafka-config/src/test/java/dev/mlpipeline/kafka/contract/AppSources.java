package dev.mlpipeline.kafka.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.contract.AsyncApi.Action;

/**
 * Reads which topics an app's sources send to and receive from: the topic constants in
 * its {@code @KafkaListener} annotations, the inputs of its Kafka Streams topology
 * ({@code (builder, TOPIC} and {@code addGlobalStore(}), its {@code send(TOPIC, ...)}
 * calls, its outbox entries ({@code new OutboxEvent(..., TOPIC, ...)}) and its Streams
 * sinks ({@code .to(TOPIC, ...)}). Dead-letter topics are not read: they follow from the
 * receives.
 */
final class AppSources {

	private static final Pattern CONSTANT = Pattern.compile("(?:Topics\\.)?\\b([A-Z][A-Z0-9_]+)\\b");

	private static final Pattern SEND = Pattern.compile("\\.send\\(\\s*((?:Topics\\.)?[A-Z][A-Z0-9_]+)\\s*,");

	private static final Pattern SINK = Pattern.compile("\\.to\\(\\s*((?:Topics\\.)?[A-Z][A-Z0-9_]+)\\s*,");

	private static final Pattern STREAM_INPUT = Pattern
		.compile("\\(\\s*builder\\s*,\\s*((?:Topics\\.)?[A-Z][A-Z0-9_]+)");

	private static final Pattern STRING_CONSTANT = Pattern
		.compile("static final String ([A-Z][A-Z0-9_]+)\\s*=\\s*\"([^\"]+)\"\\s*;");

	private final Map<String, String> sources = new LinkedHashMap<>();

	private final Map<String, String> constants = new LinkedHashMap<>();

	private AppSources(Path folder) {
		try (Stream<Path> files = Files.walk(folder)) {
			files.filter((file) -> file.toString().endsWith(".java"))
				.sorted()
				.forEach((file) -> this.sources.put(folder.relativize(file).toString(), read(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Field field : Topics.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					this.constants.put("Topics." + field.getName(), (String) field.get(null));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		this.sources.values().forEach((source) -> {
			Matcher constant = STRING_CONSTANT.matcher(source);
			while (constant.find()) {
				this.constants.putIfAbsent(constant.group(1), constant.group(2));
			}
		});
	}

	/**
	 * The sources of an app.
	 * @param root the repository root
	 * @param app the app's module
	 * @return its main sources
	 */
	static AppSources of(Path root, String app) {
		return new AppSources(root.resolve(app).resolve("src/main/java"));
	}

	/**
	 * The topics the sources use one way.
	 * @param action send or receive
	 * @return topic names
	 */
	Set<String> topics(Action action) {
		Set<String> topics = new TreeSet<>();
		for (String source : this.sources.values()) {
			if (action == Action.RECEIVE) {
				for (String listener : arguments(source, "@KafkaListener(")) {
					addConstants(listener, topics);
				}
				for (String store : arguments(source, "addGlobalStore(")) {
					addConstants(store, topics);
				}
				add(STREAM_INPUT, source, topics);
			}
			else {
				add(SEND, source, topics);
				add(SINK, source, topics);
				for (String entry : arguments(source, "new OutboxEvent(")) {
					addConstants(entry, topics);
				}
			}
		}
		return topics;
	}

	private void add(Pattern pattern, String source, Set<String> topics) {
		Matcher matcher = pattern.matcher(source);
		while (matcher.find()) {
			String topic = topic(matcher.group(1));
			if (topic != null) {
				topics.add(topic);
			}
		}
	}

	private void addConstants(String text, Set<String> topics) {
		Matcher constant = CONSTANT.matcher(text);
		while (constant.find()) {
			String topic = topic(constant.group());
			if (topic != null && !constant.group().endsWith("_STORE")) {
				topics.add(topic);
			}
		}
	}

	private String topic(String constant) {
		if (constant.startsWith("Topics.")) {
			return this.constants.get(constant);
		}
		String value = this.constants.get(constant);
		return (value != null && (Topics.find(value).isPresent() || value.equals(AsyncApi.LIVE_STATS))) ? value : null;
	}

	/** The text between the parentheses of each call or annotation starting so. */
	private static java.util.List<String> arguments(String source, String opening) {
		java.util.List<String> arguments = new java.util.ArrayList<>();
		for (int at = source.indexOf(opening); at >= 0; at = source.indexOf(opening, at + 1)) {
			int start = at + opening.length();
			int depth = 1;
			int end = start;
			while (end < source.length() && depth > 0) {
				char c = source.charAt(end);
				if (c == '(') {
					depth++;
				}
				else if (c == ')') {
					depth--;
				}
				end++;
			}
			arguments.add(source.substring(start, end - 1));
		}
		return arguments;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
