package dev.mlpipeline.kafka.contract;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the JSON Schema (draft 2020-12) of an event record by reflection, as
 * {@code EventJson} really reads and writes it: nested records and enums as
 * {@code $defs}, instants and durations as ISO-8601 strings, a component marked
 * {@link Nullable} (or an {@link Optional}) as nullable and not required, every other
 * component required, and unknown properties allowed since readers ignore them.
 */
public final class JsonSchemas {

	/** The dialect of every schema written. */
	public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final Map<String, ObjectNode> definitions = new LinkedHashMap<>();

	private final Map<String, Class<?>> definedTypes = new LinkedHashMap<>();

	private JsonSchemas() {
	}

	/**
	 * The schema of an event record.
	 * @param type the record
	 * @param description what the schema says at its top, or {@code null}
	 * @return the schema document
	 */
	public static ObjectNode of(Class<? extends Record> type, @Nullable String description) {
		JsonSchemas schemas = new JsonSchemas();
		ObjectNode root = NODES.objectNode();
		root.put("$schema", DIALECT);
		root.put("title", type.getSimpleName());
		if (description != null) {
			root.put("description", description);
		}
		root.setAll(schemas.record(type));
		if (!schemas.definitions.isEmpty()) {
			ObjectNode defs = root.putObject("$defs");
			schemas.definitions.forEach(defs::set);
		}
		return root;
	}

	private ObjectNode record(Class<?> type) {
		ObjectNode schema = NODES.objectNode();
		schema.put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		List<String> required = new ArrayList<>();
		for (RecordComponent component : type.getRecordComponents()) {
			AnnotatedType annotated = component.getAnnotatedType();
			boolean nullable = annotated.isAnnotationPresent(Nullable.class) || component.getType() == Optional.class;
			AnnotatedType valueType = (component.getType() == Optional.class) ? argument(annotated, 0, component)
					: annotated;
			JsonNode property = of(valueType, component.getName() + " of " + type.getName());
			properties.set(component.getName(), nullable ? nullable(property) : property);
			if (!nullable) {
				required.add(component.getName());
			}
		}
		ArrayNode names = schema.putArray("required");
		required.forEach(names::add);
		// EventJson ignores fields it does not know, so payloads can grow
		schema.put("additionalProperties", true);
		return schema;
	}

	private JsonNode of(AnnotatedType annotated, String where) {
		if (!(annotated.getType() instanceof Class<?>) && !(annotated instanceof AnnotatedParameterizedType)) {
			throw new IllegalArgumentException(
					"No JSON Schema for the type " + annotated.getType() + " (" + where + ")");
		}
		Class<?> type = raw(annotated);
		ObjectNode schema = NODES.objectNode();
		if (type == String.class) {
			schema.put("type", "string");
		}
		else if (type == int.class || type == Integer.class || type == short.class || type == Short.class) {
			schema.put("type", "integer");
			schema.put("minimum", Integer.MIN_VALUE);
			schema.put("maximum", Integer.MAX_VALUE);
		}
		else if (type == long.class || type == Long.class) {
			schema.put("type", "integer");
			schema.put("minimum", Long.MIN_VALUE);
			schema.put("maximum", Long.MAX_VALUE);
		}
		else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			schema.put("type", "number");
		}
		else if (type == boolean.class || type == Boolean.class) {
			schema.put("type", "boolean");
		}
		else if (type == Instant.class) {
			schema.put("type", "string");
			schema.put("format", "date-time");
		}
		else if (type == Duration.class) {
			schema.put("type", "string");
			schema.put("format", "duration");
		}
		else if (type == Object.class) {
			schema.put("description", "any JSON value");
		}
		else if (type.isEnum()) {
			return reference(type, () -> {
				ObjectNode values = NODES.objectNode();
				values.put("type", "string");
				ArrayNode names = values.putArray("enum");
				for (Object constant : type.getEnumConstants()) {
					names.add(((Enum<?>) constant).name());
				}
				return values;
			});
		}
		else if (type.isRecord()) {
			return reference(type, () -> record(type));
		}
		else if (Collection.class.isAssignableFrom(type)
				&& (type == List.class || type == Set.class || type == Collection.class)) {
			schema.put("type", "array");
			schema.set("items", element(argument(annotated, 0, where), where));
			if (type == Set.class) {
				schema.put("uniqueItems", true);
			}
		}
		else if (type == Map.class) {
			Class<?> key = raw(argument(annotated, 0, where));
			schema.put("type", "object");
			if (key == Integer.class || key == Long.class) {
				// Jackson writes a number key as its decimal text
				schema.putObject("propertyNames").put("pattern", "^-?[0-9]+$");
			}
			else if (key != String.class) {
				throw new IllegalArgumentException("A map's keys must be strings or integers (" + where + ")");
			}
			schema.set("additionalProperties", element(argument(annotated, 1, where), where));
		}
		else {
			throw new IllegalArgumentException("No JSON Schema for the type " + type.getName() + " (" + where + ")");
		}
		return schema;
	}

	/** An element of a list or a value of a map: nullable only when it says so. */
	private JsonNode element(AnnotatedType annotated, String where) {
		JsonNode schema = of(annotated, where);
		return annotated.isAnnotationPresent(Nullable.class) ? nullable(schema) : schema;
	}

	private JsonNode reference(Class<?> type, java.util.function.Supplier<ObjectNode> definition) {
		String name = type.getSimpleName();
		Class<?> defined = this.definedTypes.get(name);
		if (defined != null && defined != type) {
			throw new IllegalArgumentException(
					"Two types are named " + name + " in one schema: " + defined.getName() + ", " + type.getName());
		}
		if (defined == null) {
			this.definedTypes.put(name, type);
			// reserve the slot first, so definitions keep the order they are met in
			this.definitions.put(name, NODES.objectNode());
			this.definitions.put(name, definition.get());
		}
		ObjectNode reference = NODES.objectNode();
		reference.put("$ref", "#/$defs/" + name);
		return reference;
	}

	private static JsonNode nullable(JsonNode schema) {
		if (schema.has("type") && schema.get("type").isString()) {
			ObjectNode copy = ((ObjectNode) schema).deepCopy();
			ArrayNode types = NODES.arrayNode();
			types.add(schema.get("type").asString());
			types.add("null");
			copy.set("type", types);
			return copy;
		}
		if (!schema.has("type") && !schema.has("$ref")) {
			// any JSON value, null included
			return schema;
		}
		ObjectNode either = NODES.objectNode();
		ArrayNode anyOf = either.putArray("anyOf");
		anyOf.add(schema);
		anyOf.addObject().put("type", "null");
		return either;
	}

	private static Class<?> raw(AnnotatedType annotated) {
		java.lang.reflect.Type type = annotated.getType();
		if (type instanceof Class<?> plain) {
			return plain;
		}
		if (type instanceof java.lang.reflect.ParameterizedType parameterized) {
			return (Class<?>) parameterized.getRawType();
		}
		throw new IllegalArgumentException("No JSON Schema for the type " + type);
	}

	private static AnnotatedType argument(AnnotatedType annotated, int index, Object where) {
		if (!(annotated instanceof AnnotatedParameterizedType parameterized)) {
			throw new IllegalArgumentException("A raw " + annotated.getType() + " has no element type (" + where + ")");
		}
		return parameterized.getAnnotatedActualTypeArguments()[index];
	}

}
