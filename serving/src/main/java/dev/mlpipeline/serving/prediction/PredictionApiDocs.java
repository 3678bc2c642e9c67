package dev.mlpipeline.serving.prediction;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import dev.mlpipeline.serving.http.ApiDocs;
import dev.mlpipeline.serving.predictionlog.RequestIds;

import static dev.mlpipeline.serving.http.ApiDocs.array;
import static dev.mlpipeline.serving.http.ApiDocs.nullable;
import static dev.mlpipeline.serving.http.ApiDocs.object;
import static dev.mlpipeline.serving.http.ApiDocs.type;
import static dev.mlpipeline.serving.http.ApiDocs.types;

/**
 * Describes the scoring routes of {@link PredictionRoutes} in the OpenAPI description:
 * the bodies {@link RequestReader} reads, the answers {@link PredictionResponses} shapes,
 * and the refusals {@link PredictionHandler} gives.
 */
class PredictionApiDocs implements OpenApiCustomizer {

	private static final String TAG = "prediction";

	@Override
	public void customise(OpenAPI openApi) {
		Schema<Object> predictRequest = ApiDocs.schema(openApi, "PredictRequest",
				object("Rows to score, each an object of the model's features: a number for a numeric feature, a string"
						+ " for a nominal or string one, null for a missing value where the schema allows it",
						List.of("instances"), "instances", array(type("object").additionalProperties(feature()))));
		Schema<Object> invocationsRequest = ApiDocs.schema(openApi, "InvocationsRequest",
				object("MLflow's scoring-server input: exactly one of dataframe_split, dataframe_records,"
						+ " instances, inputs", List.of(), "dataframe_split",
						object("pandas split orientation", List.of("columns", "data"), "columns", array(type("string")),
								"data", array(array(feature()))),
						"dataframe_records", array(type("object").additionalProperties(feature())), "instances",
						type("array").description("rows as objects, or an object of columns"), "inputs",
						type("array").description("rows as objects, or an object of columns")));
		Schema<Object> model = ApiDocs.schema(openApi, "ModelRef",
				object("The model version that answered", List.of("name", "version", "role"), "name", type("string"),
						"version", type("string"), "role",
						type("string").description("champion, or challenger for a canary's share")));
		Schema<Object> prediction = ApiDocs.schema(openApi, "Prediction",
				object("One row's prediction: label and probabilities for a nominal class, value for a numeric one",
						List.of(), "label", nullable("string"), "probabilities",
						type("object").additionalProperties(type("number").format("double")), "value",
						nullable("number")));
		Schema<Object> predictResponse = ApiDocs.schema(openApi, "PredictResponse",
				object("The predictions, one per row in order", List.of("model", "predictions", "requestId"), "model",
						model, "predictions", array(prediction), "requestId", type("string")));
		Schema<Object> invocationsResponse = ApiDocs.schema(openApi, "InvocationsResponse",
				object("MLflow's scoring-server answer: a label (nominal class) or value (numeric) per row",
						List.of("predictions", "requestId"), "predictions",
						array(types("string", "number", "null").description("the row's label, or its value")),
						"requestId", type("string")));
		for (boolean named : new boolean[] { false, true }) {
			String prefix = named ? "/models/{name}" : "";
			String which = named ? "the named model" : "the default model (serving.model-name)";
			ApiDocs.add(openApi, prefix + "/predict", PathItem.HttpMethod.POST,
					scoring(named ? "predictModel" : "predict", "Score rows with " + which, named,
							ApiDocs.jsonBody("the rows", predictRequest),
							ApiDocs.answer("The predictions", predictResponse)));
			ApiDocs.add(openApi, prefix + "/invocations", PathItem.HttpMethod.POST,
					scoring(named ? "invocationsOfModel" : "invocations",
							"Score rows with " + which + ", as MLflow's scoring server does", named,
							ApiDocs.jsonBody("the rows, in one of MLflow's four formats", invocationsRequest),
							ApiDocs.answer("The predictions", invocationsResponse)));
		}
	}

	private static Operation scoring(String id, String summary, boolean named,
			io.swagger.v3.oas.models.parameters.RequestBody body, io.swagger.v3.oas.models.responses.ApiResponse ok) {
		Operation operation = ApiDocs.operation(id, TAG, summary, "The body may be gzip-compressed"
				+ " (Content-Encoding: gzip). A canary challenger answers its share of routing keys; a shadow scores"
				+ " the same rows off the request's path. Every answer, error or not, carries X-Request-Id.")
			.addParametersItem(header(RequestIds.REQUEST_ID_HEADER,
					"the request's id, for its log record and feedback (generated when absent); " + RequestIds.RULE))
			.addParametersItem(header(RequestIds.ROUTING_KEY_HEADER,
					"what decides whether a canary answers (the request id when absent); " + RequestIds.RULE))
			.requestBody(body);
		if (named) {
			operation.addParametersItem(ApiDocs.modelName());
		}
		ok.addHeaderObject(PredictionHandler.MODEL_VERSION_HEADER, ApiDocs.header("the version that answered"))
			.addHeaderObject(PredictionHandler.MODEL_ROLE_HEADER, ApiDocs.header("champion or challenger"))
			.addHeaderObject(RequestIds.REQUEST_ID_HEADER, ApiDocs.header("the request's id"));
		operation.getResponses()
			.addApiResponse("200", ok)
			.addApiResponse("400",
					ApiDocs.error("An unreadable body, a bad header, or a row that does not fit the"
							+ " model's schema: names the row and field (or header) at fault"))
			.addApiResponse("413", ApiDocs.error("The body, or its batch of rows, is larger than the server takes"))
			.addApiResponse("415",
					ApiDocs.error("The body is not JSON, or its encoding is not gzip: Accept or"
							+ " Accept-Encoding says what would do"))
			.addApiResponse("500", ApiDocs.error("Scoring failed"))
			.addApiResponse("503", ApiDocs.error("No model is loaded yet, with the reason"));
		if (named) {
			operation.getResponses().addApiResponse("404", ApiDocs.error("This instance does not serve that model"));
		}
		return operation;
	}

	private static Parameter header(String name, String description) {
		return new Parameter().in("header").name(name).required(false).description(description).schema(type("string"));
	}

	private static Schema<Object> feature() {
		return types("number", "string", "null").description("a feature's value");
	}

}
