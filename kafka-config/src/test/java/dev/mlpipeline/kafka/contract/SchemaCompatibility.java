package dev.mlpipeline.kafka.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Compares a released version's JSON Schema of an event with today's and names every
 * change that would stop today's readers from taking the old payloads, or today's
 * contract from accepting them: a removed field, a retyped field (a type, format, number
 * range or enum value the old schema allowed and today's does not, null included), a
 * field newly required. A new optional field is fine.
 */
public final class SchemaCompatibility {

	private static final int MAX_DEPTH = 32;

	private SchemaCompatibility() {
	}

	/**
	 * The incompatible changes from an old schema to today's.
	 * @param event the event's name, the start of every path named
	 * @param old the released schema document
	 * @param current today's schema document
	 * @return one line per change, empty when today's schema takes every old payload
	 */
	public static List<String> problems(String event, JsonNode old, JsonNode current) {
		List<String> problems = new ArrayList<>();
		compare(event, old, old, current, current, problems, 0);
		return problems;
	}

	private static void compare(String path, JsonNode oldSchema, JsonNode oldRoot, JsonNode newSchema, JsonNode newRoot,
			List<String> problems, int depth) {
		if (depth > MAX_DEPTH) {
			return;
		}
		Shape old = Shape.of(oldSchema, oldRoot);
		Shape now = Shape.of(newSchema, newRoot);
		if (!now.any()) {
			if (old.any()) {
				problems.add("retyped field " + path + ": any value -> " + now.types());
				return;
			}
			if (!accepts(now.types(), old.types())) {
				problems.add("retyped field " + path + ": " + old.types() + " -> " + now.types());
				return;
			}
		}
		if (old.nullable() && !now.nullable() && !now.any()) {
			problems.add("retyped field " + path + ": no longer accepts null");
		}
		JsonNode o = old.node();
		JsonNode n = now.node();
		if (n.has("format") && !n.get("format").equals(o.get("format"))) {
			problems.add("retyped field " + path + ": format " + text(o, "format") + " -> " + text(n, "format"));
		}
		if (narrower(o, n, "minimum", true) || narrower(o, n, "maximum", false)) {
			problems.add("retyped field " + path + ": range [" + text(o, "minimum") + ", " + text(o, "maximum")
					+ "] -> [" + text(n, "minimum") + ", " + text(n, "maximum") + "]");
		}
		if (n.has("enum")) {
			Set<String> kept = values(n.get("enum"));
			Set<String> lost = o.has("enum") ? values(o.get("enum")) : Set.of("any string");
			lost.removeAll(kept);
			if (!lost.isEmpty()) {
				problems.add("retyped field " + path + ": no longer accepts " + lost);
			}
		}
		if (o.has("properties") && n.has("properties")) {
			for (var property : o.get("properties").properties()) {
				JsonNode replacement = n.get("properties").get(property.getKey());
				if (replacement == null) {
					problems.add("removed field " + path + "." + property.getKey());
				}
				else {
					compare(path + "." + property.getKey(), property.getValue(), oldRoot, replacement, newRoot,
							problems, depth + 1);
				}
			}
			Set<String> required = values(n.get("required"));
			required.removeAll(values(o.get("required")));
			for (String field : required) {
				problems.add("newly required field " + path + "." + field);
			}
		}
		if (o.path("additionalProperties").isObject() && n.path("additionalProperties").isObject()) {
			compare(path + ".*", o.get("additionalProperties"), oldRoot, n.get("additionalProperties"), newRoot,
					problems, depth + 1);
		}
		else if (!o.path("additionalProperties").isBoolean() || o.path("additionalProperties").asBoolean()) {
			if (n.path("additionalProperties").isBoolean() && !n.path("additionalProperties").asBoolean()
					&& o.has("properties")) {
				problems.add("retyped field " + path + ": no longer accepts unknown fields");
			}
		}
		if (o.has("items") && n.has("items")) {
			compare(path + "[]", o.get("items"), oldRoot, n.get("items"), newRoot, problems, depth + 1);
		}
	}

	private static boolean accepts(Set<String> now, Set<String> old) {
		for (String type : old) {
			if (!now.contains(type) && !(type.equals("integer") && now.contains("number"))) {
				return false;
			}
		}
		return true;
	}

	private static boolean narrower(JsonNode old, JsonNode now, String bound, boolean lower) {
		if (!now.has(bound)) {
			return false;
		}
		if (!old.has(bound)) {
			return true;
		}
		int order = now.get(bound).decimalValue().compareTo(old.get(bound).decimalValue());
		return lower ? order > 0 : order < 0;
	}

	private static Set<String> values(JsonNode array) {
		Set<String> values = new LinkedHashSet<>();
		if (array != null) {
			array.forEach((value) -> values.add(value.asString()));
		}
		return values;
	}

	private static String text(JsonNode node, String field) {
		return node.has(field) ? node.get(field).asString() : "none";
	}

	/**
	 * A schema with its reference followed and a nullable {@code anyOf} unwrapped.
	 */
	private record Shape(JsonNode node, Set<String> types, boolean nullable) {

		static Shape of(JsonNode schema, JsonNode root) {
			JsonNode node = resolve(schema, root);
			boolean nullable = false;
			if (node.has("anyOf")) {
				JsonNode value = null;
				for (JsonNode branch : node.get("anyOf")) {
					if ("null".equals(branch.path("type").asString(null))) {
						nullable = true;
					}
					else {
						value = branch;
					}
				}
				if (value != null) {
					Shape inner = of(value, root);
					return new Shape(inner.node(), inner.types(), nullable || inner.nullable());
				}
			}
			Set<String> types = new LinkedHashSet<>();
			JsonNode type = node.get("type");
			if (type != null && type.isArray()) {
				type.forEach((each) -> types.add(each.asString()));
			}
			else if (type != null) {
				types.add(type.asString());
			}
			nullable = nullable || types.remove("null");
			return new Shape(node, types, nullable || type == null);
		}

		boolean any() {
			return this.types.isEmpty();
		}

		private static JsonNode resolve(JsonNode schema, JsonNode root) {
			JsonNode node = schema;
			for (int hops = 0; node.has("$ref") && hops < MAX_DEPTH; hops++) {
				String reference = node.get("$ref").asString();
				if (!reference.startsWith("#/")) {
					throw new IllegalArgumentException("Only local references are compared: " + reference);
				}
				node = root.at(reference.substring(1));
				if (node.isMissingNode()) {
					throw new IllegalArgumentException("Unresolved reference " + reference);
				}
			}
			return node;
		}

	}

}
