package dev.mlpipeline.kafka.contract;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * Validates JSON against a JSON Schema (draft 2020-12) with formats asserted, so an
 * instant written as a number fails its {@code date-time}.
 */
public final class SchemaValidation {

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private SchemaValidation() {
	}

	/**
	 * What is wrong with a document.
	 * @param schema the schema, with only local references
	 * @param document the JSON
	 * @return one line per error, empty when valid
	 */
	public static List<String> errors(JsonNode schema, JsonNode document) {
		Schema compiled = REGISTRY.getSchema(schema);
		return compiled
			.validate(document, (context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)))
			.stream()
			.map(Error::toString)
			.toList();
	}

}
