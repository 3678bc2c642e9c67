package dev.mlpipeline.serving.health;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import dev.mlpipeline.serving.http.ApiDocs;
import dev.mlpipeline.serving.model.Fallback;

import static dev.mlpipeline.serving.http.ApiDocs.array;
import static dev.mlpipeline.serving.http.ApiDocs.object;
import static dev.mlpipeline.serving.http.ApiDocs.type;

/**
 * Describes the health routes of {@link HealthRoutes} in the OpenAPI description.
 */
class HealthApiDocs implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI openApi) {
		Schema<Object> fallback = ApiDocs.resolved(openApi, Fallback.class);
		Object[] modelHealth = { "status", type("string").description("UP or DOWN"), "reason",
				type("string").description("why the model is down (DOWN only)"), "model",
				object("the version served (UP only)", List.of("name", "version"), "name", type("string"), "version",
						type("string")),
				"fallback", fallback.description("present when a fallback stands in for a champion that cannot load") };
		Schema<Object> one = ApiDocs.schema(openApi, "ModelHealth",
				object("Whether one served model is loaded", List.of("status"), modelHealth));
		Object[] each = new Object[modelHealth.length + 2];
		System.arraycopy(modelHealth, 0, each, 0, modelHealth.length);
		each[modelHealth.length] = "name";
		each[modelHealth.length + 1] = type("string");
		Schema<Object> health = ApiDocs.schema(openApi, "Health",
				object("The default model's health (status DOWN with the reason while any served model is down), and a"
						+ " line per served model", List.of("status", "models"), "status",
						type("string").description("UP or DOWN"), "reason",
						type("string").description("the first model down, and why"), "model",
						object("the default model's version (while it is up)", List.of("name", "version"), "name",
								type("string"), "version", type("string")),
						"fallback", ApiDocs.ref("Fallback"), "models",
						array(object("one served model", List.of("name", "status"), each))));
		Operation all = ApiDocs.operation("health", "health", "Whether every served model is loaded",
				"For load balancers: 200 while every served model is loaded, 503 with the reason while one is not."
						+ " HEAD answers the status alone.");
		all.getResponses()
			.addApiResponse("200", ApiDocs.answer("Every served model is loaded", health))
			.addApiResponse("503", ApiDocs.answer("A served model is not loaded (status DOWN, reason)", health));
		ApiDocs.add(openApi, "/health", PathItem.HttpMethod.GET, all);
		Operation named = ApiDocs
			.operation("modelHealth", "health", "Whether a served model is loaded", "HEAD answers the status alone.")
			.addParametersItem(ApiDocs.modelName());
		named.getResponses()
			.addApiResponse("200", ApiDocs.answer("The model is loaded", one))
			.addApiResponse("404", ApiDocs.error("This instance does not serve that model"))
			.addApiResponse("503", ApiDocs.answer("The model is not loaded (status DOWN, reason)", one));
		ApiDocs.add(openApi, "/models/{name}/health", PathItem.HttpMethod.GET, named);
	}

}
