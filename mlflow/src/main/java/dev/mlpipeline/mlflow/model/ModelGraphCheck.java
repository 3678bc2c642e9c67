package dev.mlpipeline.mlflow.model;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mlpipeline.mlflow.model.ModelFileException.Kind;

/**
 * Walks a deserialized model and refuses any part of it that reads files or loads other
 * models when it is used: the allow-list admits every {@code weka.*} class, and some of
 * them ({@code InputMappedClassifier}, {@code SerializedClassifier}, {@code Vote} with
 * models to load, a {@code BayesNet} with a BIF file) open files with plain, unfiltered
 * streams at scoring time, which neither the SHA-256 nor the filter would cover.
 */
final class ModelGraphCheck {

	/** Classifiers whose whole purpose is to load another model from a file. */
	static final Set<String> MODEL_LOADERS = Set.of("weka.classifiers.misc.InputMappedClassifier",
			"weka.classifiers.misc.SerializedClassifier");

	/** Fields that name files or models to load, by Weka's naming habits. */
	static final Pattern FILE_FIELD = Pattern.compile("(?i).*(file|path|toload|directory).*");

	private ModelGraphCheck() {
	}

	/**
	 * Checks every object reachable from the roots.
	 * @param roots the deserialized objects
	 * @throws ModelFileException ({@link Kind#FILE_REFERENCE}) naming the class and field
	 * at fault, never the file name it holds
	 */
	static void check(Object... roots) throws ModelFileException {
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Object> pending = new ArrayDeque<>();
		for (Object root : roots) {
			push(pending, seen, root);
		}
		while (!pending.isEmpty()) {
			Object object = pending.pop();
			Class<?> type = object.getClass();
			if (object instanceof File) {
				throw new ModelFileException(Kind.FILE_REFERENCE, "the model holds a file reference");
			}
			if (type.isArray()) {
				if (!type.getComponentType().isPrimitive()) {
					for (Object element : (Object[]) object) {
						push(pending, seen, element);
					}
				}
			}
			else if (object instanceof Collection<?> collection) {
				collection.forEach((element) -> push(pending, seen, element));
			}
			else if (object instanceof Map<?, ?> map) {
				map.forEach((key, value) -> {
					push(pending, seen, key);
					push(pending, seen, value);
				});
			}
			else if (!isPlatformClass(type)) {
				inspect(object, type, pending, seen);
			}
		}
	}

	private static void inspect(Object object, Class<?> type, Deque<Object> pending, Set<Object> seen)
			throws ModelFileException {
		for (Class<?> level = type; level != null && !isPlatformClass(level); level = level.getSuperclass()) {
			if (MODEL_LOADERS.contains(level.getName())) {
				throw new ModelFileException(Kind.FILE_REFERENCE,
						"the model contains " + type.getName() + ", which loads another model from a file");
			}
			for (Field field : level.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
					continue;
				}
				Object value = read(field, object);
				if (value == null) {
					continue;
				}
				if (FILE_FIELD.matcher(field.getName()).matches() && namesSomething(value)) {
					throw new ModelFileException(Kind.FILE_REFERENCE, "the model's " + type.getName() + " refers to "
							+ "a file or a model to load (field " + field.getName() + ")");
				}
				push(pending, seen, value);
			}
		}
	}

	private static Object read(Field field, Object object) throws ModelFileException {
		try {
			field.setAccessible(true);
			return field.get(object);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new ModelFileException(Kind.CORRUPT, "the model's " + field.getDeclaringClass().getName()
					+ " cannot be inspected (field " + field.getName() + ")", ex);
		}
	}

	/** A file-like field that is set: a non-empty name, list of names or a file. */
	private static boolean namesSomething(Object value) {
		if (value instanceof CharSequence text) {
			return !text.toString().isBlank();
		}
		if (value instanceof Collection<?> collection) {
			return !collection.isEmpty();
		}
		if (value instanceof Object[] array) {
			return array.length > 0;
		}
		return value instanceof File;
	}

	private static boolean isPlatformClass(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.");
	}

	private static void push(Deque<Object> pending, Set<Object> seen, Object value) {
		if (value != null && seen.add(value)) {
			pending.push(value);
		}
	}

}
