package dev.mlpipeline.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * Writes an app's {@link AccessRules} into its OpenAPI description, so the description
 * says what the access control enforces and cannot drift from it: the HTTP Basic scheme,
 * and on every operation that needs a role its security requirement, the role
 * ({@code x-required-role}) and the 401 and 403 answers {@link AccessAnswers} gives. It
 * also fixes the server to the relative {@code /} and puts the tags in order, so the
 * description does not depend on the port or host it was read from, nor on the order
 * beans were found in.
 */
class OpenApiAccess implements OpenApiCustomizer {

	/** The name of the HTTP Basic security scheme. */
	static final String SCHEME = "basic";

	/** The extension naming, on an operation, the role it needs. */
	static final String ROLE = "x-required-role";

	/** The schema of a refusal. */
	static final String REFUSAL = "AccessRefusal";

	private static final String REFUSAL_REF = "#/components/schemas/" + REFUSAL;

	private final AccessRules rules;

	private final String realm;

	OpenApiAccess(AccessRules rules, String realm) {
		this.rules = rules;
		this.realm = realm;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.setServers(List.of(new Server().url("/").description("this app, wherever it is reached")));
		if (openApi.getTags() != null) {
			List<Tag> tags = new ArrayList<>(openApi.getTags());
			tags.sort(Comparator.comparing(Tag::getName));
			openApi.setTags(tags);
		}
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents()
			.addSecuritySchemes(SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("basic")
						.description("HTTP Basic against the users of PIPELINE_USERS (realm \"" + this.realm + "\"); an"
								+ " operation that needs a role names it in " + ROLE))
			.addSchemas(REFUSAL, refusalSchema());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			Optional<PipelineRole> role = this.rules.requiredRole(HttpMethod.valueOf(method.name()), path);
			if (role.isPresent()) {
				describe(operation, role.get());
			}
			else {
				// open: no credentials, whatever a global requirement would say
				operation.setSecurity(List.of());
			}
		}));
	}

	private void describe(Operation operation, PipelineRole role) {
		operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
		operation.addExtension(ROLE, role.id());
		String needs = "Needs HTTP Basic credentials of a user with the role `" + role.id() + "`.";
		operation.setDescription(
				(operation.getDescription() == null) ? needs : operation.getDescription().strip() + "\n\n" + needs);
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		operation.getResponses()
			.addApiResponse("401",
					refusal("No credentials, or a wrong user name or password; the answer names"
							+ " the role in requiredRole")
						.addHeaderObject(HttpHeaders.WWW_AUTHENTICATE,
								new Header().description(
										"the Basic challenge: Basic realm=\"" + this.realm + "\", charset=\"UTF-8\"")
									.schema(type("string"))));
		operation.getResponses()
			.addApiResponse("403", refusal("The signed-in user does not have the role `" + role.id()
					+ "`; the answer names the role (requiredRole) and the user"));
	}

	private static ApiResponse refusal(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref(REFUSAL_REF))));
	}

	private static Schema<?> refusalSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("status", type("integer").format("int32").description("401 or 403"));
		properties.put("error", type("string").description("what was refused and why"));
		properties.put("path", type("string").description("the request's path"));
		properties.put("requiredRole", nullable("string").description("the role the request needs"));
		properties.put("user", type("string").description("the signed-in user (403 only)"));
		return type("object").description("The access control's refusal of a request (401 or 403)")
			.properties(properties)
			.required(List.of("status", "error", "path", "requiredRole"));
	}

	private static Schema<Object> type(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setTypes(Set.of(type));
		return schema;
	}

	private static Schema<Object> nullable(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setTypes(new LinkedHashSet<>(List.of(type, "null")));
		return schema;
	}

}
