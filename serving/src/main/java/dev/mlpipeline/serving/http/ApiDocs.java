package dev.mlpipeline.serving.http;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The pieces of serving's OpenAPI description: its routes are functional, which springdoc
 * cannot read, so each feature describes its own routes with these (next to the routes,
 * where a change to one shows the other) and the access rules are added after.
 */
public final class ApiDocs {

	/** The error answer every serving endpoint gives. */
	public static final String ERROR = "ServingError";

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private ApiDocs() {
	}

	/**
	 * Adds an operation to a description, with the error schema registered.
	 * @param openApi the description
	 * @param path the path template
	 * @param method the method
	 * @param operation the operation
	 */
	public static void add(OpenAPI openApi, String path, PathItem.HttpMethod method, Operation operation) {
		if (openApi.getPaths() == null) {
			openApi.setPaths(new Paths());
		}
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSchemas(ERROR, errorSchema());
		PathItem item = openApi.getPaths().computeIfAbsent(path, (key) -> new PathItem());
		item.operation(method, operation);
	}

	/**
	 * Registers a schema.
	 * @param openApi the description
	 * @param name its name
	 * @param schema the schema
	 * @return a reference to it
	 */
	public static Schema<Object> schema(OpenAPI openApi, String name, Schema<?> schema) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSchemas(name, schema);
		return ref(name);
	}

	/**
	 * Registers the schema of a record the answers carry as it is, and those of the types
	 * it holds.
	 * @param openApi the description
	 * @param type the record
	 * @return a reference to it
	 */
	public static Schema<Object> resolved(OpenAPI openApi, Class<?> type) {
		ModelConverters.getInstance(true).readAll(type).forEach((name, schema) -> schema(openApi, name, schema));
		return ref(type.getSimpleName());
	}

	/**
	 * A new operation.
	 * @param id the operation id
	 * @param tag its tag
	 * @param summary what it does
	 * @param description more
	 * @return the operation, with no responses yet
	 */
	public static Operation operation(String id, String tag, String summary, String description) {
		return new Operation().operationId(id)
			.addTagsItem(tag)
			.summary(summary)
			.description(description)
			.responses(new ApiResponses());
	}

	/**
	 * The {@code name} path parameter of a served model.
	 * @return the parameter
	 */
	public static Parameter modelName() {
		return new Parameter().in("path")
			.name("name")
			.required(true)
			.description("a model this instance serves (serving.models)")
			.schema(type("string"));
	}

	/**
	 * A JSON request body.
	 * @param description what it is
	 * @param schema its schema
	 * @return the body
	 */
	public static RequestBody jsonBody(String description, Schema<?> schema) {
		return new RequestBody().required(true).description(description).content(json(schema));
	}

	/**
	 * A JSON answer.
	 * @param description what it means
	 * @param schema its schema
	 * @return the answer
	 */
	public static ApiResponse answer(String description, Schema<?> schema) {
		return new ApiResponse().description(description).content(json(schema));
	}

	/**
	 * An error answer.
	 * @param description when it is given
	 * @return the answer
	 */
	public static ApiResponse error(String description) {
		return answer(description, ref(ERROR));
	}

	/**
	 * A header of an answer.
	 * @param description what it says
	 * @return the header
	 */
	public static Header header(String description) {
		return new Header().description(description).schema(type("string"));
	}

	/**
	 * A reference to a registered schema.
	 * @param name the schema's name
	 * @return the reference
	 */
	public static Schema<Object> ref(String name) {
		return new Schema<>().$ref("#/components/schemas/" + name);
	}

	/**
	 * A schema of one JSON type.
	 * @param type {@code string}, {@code object}, ...
	 * @return the schema
	 */
	public static Schema<Object> type(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setTypes(Set.of(type));
		return schema;
	}

	/**
	 * A schema of a JSON type or {@code null}.
	 * @param type {@code string}, {@code object}, ...
	 * @return the schema
	 */
	public static Schema<Object> nullable(String type) {
		return types(type, "null");
	}

	/**
	 * A schema of any of several JSON types.
	 * @param types {@code string}, {@code number}, {@code null}, ...
	 * @return the schema
	 */
	public static Schema<Object> types(String... types) {
		Schema<Object> schema = new Schema<>();
		schema.setTypes(new LinkedHashSet<>(List.of(types)));
		return schema;
	}

	/**
	 * A schema, or {@code null}.
	 * @param schema the schema
	 * @return the schema
	 */
	public static Schema<Object> orNull(Schema<?> schema) {
		return new Schema<>().oneOf(List.of(schema, type("null")));
	}

	/**
	 * An object schema.
	 * @param description what it is
	 * @param required the properties always present
	 * @param properties name, schema, in order
	 * @return the schema
	 */
	public static Schema<Object> object(String description, List<String> required, Object... properties) {
		Map<String, Schema> named = new LinkedHashMap<>();
		for (int i = 0; i < properties.length; i += 2) {
			named.put((String) properties[i], (Schema<?>) properties[i + 1]);
		}
		Schema<Object> schema = type("object").description(description).properties(named);
		return required.isEmpty() ? schema : schema.required(required);
	}

	/**
	 * An array schema.
	 * @param items the schema of its items
	 * @return the schema
	 */
	public static Schema<Object> array(Schema<?> items) {
		return type("array").items(items);
	}

	private static Content json(Schema<?> schema) {
		return new Content().addMediaType(JSON, new MediaType().schema(schema));
	}

	private static Schema<Object> errorSchema() {
		return object(
				"A refused or failed request: a stable kind to branch on and a message for people; the"
						+ " other fields appear when they apply",
				List.of("error", "kind", "message"), "error",
				type("string").description("the class of error (invalid_request, unknown_model, ...)"), "kind",
				type("string").description("the precise kind (missing_instances, invalid_value, ...)"), "message",
				type("string").description("what is wrong"), "row",
				type("integer").format("int32").description("the row at fault, 0-based"), "field",
				type("string").description("the field (or header) at fault"), "accepted",
				type("string").description("the media type accepted (415)"), "acceptedEncodings",
				type("string").description("the content codings accepted (415)"), "allowed",
				type("string").description("the methods the path takes (405)"), "requestId",
				type("string").description("the request's id, unless the id was what was refused"));
	}

}
