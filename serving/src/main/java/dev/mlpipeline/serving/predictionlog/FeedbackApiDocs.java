package dev.mlpipeline.serving.predictionlog;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import dev.mlpipeline.serving.http.ApiDocs;

import static dev.mlpipeline.serving.http.ApiDocs.array;
import static dev.mlpipeline.serving.http.ApiDocs.object;
import static dev.mlpipeline.serving.http.ApiDocs.type;

/**
 * Describes {@code POST /feedback} in the OpenAPI description: the bodies
 * {@link FeedbackReader} reads and the answers {@link FeedbackHandler} gives.
 */
class FeedbackApiDocs implements OpenApiCustomizer {

	@Override
	public void customise(OpenAPI openApi) {
		Schema<Object> request = ApiDocs.schema(openApi, "Feedback", object(
				"The ground truth of an answered request: rows by index, or for a one-row request label or value"
						+ " at the top; no other field is taken",
				List.of("requestId"), "requestId",
				type("string").description("the X-Request-Id of the answered request; " + RequestIds.RULE), "modelName",
				type("string").description("the model that answered, the default model when absent"), "rows",
				array(object("one row's outcome", List.of("index"), "index",
						type("integer").format("int32").description("the row's index in the request, 0-based"), "label",
						type("string"), "value", type("number"))),
				"label", type("string").description("the true class label (nominal class)"), "value",
				type("number").description("the true value (numeric class)")));
		Schema<Object> accepted = ApiDocs.schema(openApi, "FeedbackAccepted",
				object("The feedback is on Kafka", List.of("requestId", "rows"), "requestId", type("string"), "rows",
						type("integer").format("int32").description("how many rows' outcomes were taken")));
		Operation operation = ApiDocs
			.operation("feedback", "feedback", "Send the true outcomes of a request",
					"Checked against the class of the model's champion, then published on the feedback topic for the"
							+ " promoter's live accuracy.")
			.requestBody(ApiDocs.jsonBody("the outcomes", request));
		operation.getResponses()
			.addApiResponse("202", ApiDocs.answer("Published", accepted))
			.addApiResponse("400",
					ApiDocs.error("Any other shape, or an outcome the model cannot have: names the row"
							+ " and field at fault"))
			.addApiResponse("404", ApiDocs.error("This instance does not serve the model named"))
			.addApiResponse("413", ApiDocs.error("The body is larger than the server takes"))
			.addApiResponse("503", ApiDocs.error("Kafka did not take the feedback; send it again"));
		ApiDocs.add(openApi, "/feedback", PathItem.HttpMethod.POST, operation);
	}

}
