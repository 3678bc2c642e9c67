package dev.mlpipeline.serving.model;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import dev.mlpipeline.mlflow.model.FeatureSchema;
import dev.mlpipeline.serving.http.ApiDocs;

import static dev.mlpipeline.serving.http.ApiDocs.object;
import static dev.mlpipeline.serving.http.ApiDocs.type;

/**
 * Describes the model routes of {@link ModelRoutes} in the OpenAPI description: what
 * {@link ModelRoutes#describe(LoadedModel)} and the route around it write.
 */
class ModelApiDocs implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI openApi) {
		Schema<Object> failure = ApiDocs.resolved(openApi, LoadFailure.class);
		Schema<Object> served = ApiDocs.schema(openApi, "ServedModel", object(
				"What is served and why: the loaded version (status LOADED), or status NOT_LOADED with the reason;"
						+ " the challenger beside it, the last load errors",
				List.of("status"), "status", type("string").description("LOADED or NOT_LOADED"), "reason",
				type("string").description("why no version is loaded (NOT_LOADED only)"), "name", type("string"),
				"version", type("string"), "runId", type("string"), "source",
				type("string").description("the artifact the version was loaded from"), "algorithm", type("string"),
				"metrics", type("object").additionalProperties(type("number").format("double")), "schema",
				ApiDocs.resolved(openApi, FeatureSchema.class), "sha256", type("string"), "loadedAt",
				type("string").format("date-time"), "loadReason",
				type("string").description("why it was loaded: startup, event or reconcile"), "scoring",
				object("how it scores", List.of(), "scorer", type("string").description("shared or pooled"),
						"warmupNanosPerRow", type("integer").format("int64")),
				"fallback", ApiDocs.resolved(openApi, Fallback.class), "lastLoadError", ApiDocs.orNull(failure),
				"challenger",
				object("the challenger served beside the champion in a rollout, null when none", List.of(), "version",
						type("string"), "rollout", type("string").description("shadow, or canary:<percent>"),
						"algorithm", type("string"), "sha256", type("string"), "loadedAt",
						type("string").format("date-time")),
				"challengerLoadError", ApiDocs.orNull(ApiDocs.ref("LoadFailure"))));
		describe(openApi, "/model", "model", "What the default model is", false, served);
		describe(openApi, "/models/{name}", "servedModel", "What a served model is", true, served);
	}

	private static void describe(OpenAPI openApi, String path, String id, String summary, boolean named,
			Schema<Object> served) {
		Operation operation = ApiDocs.operation(id, "model", summary,
				"So an operator can see why serving and the registry disagree. HEAD answers the status alone.");
		if (named) {
			operation.addParametersItem(ApiDocs.modelName());
		}
		operation.getResponses()
			.addApiResponse("200", ApiDocs.answer("A version is loaded", served))
			.addApiResponse("503", ApiDocs.answer("No version is loaded (status NOT_LOADED, reason)", served));
		if (named) {
			operation.getResponses().addApiResponse("404", ApiDocs.error("This instance does not serve that model"));
		}
		ApiDocs.add(openApi, path, PathItem.HttpMethod.GET, operation);
	}

}
