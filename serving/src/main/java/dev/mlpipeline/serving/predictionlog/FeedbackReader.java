package dev.mlpipeline.serving.predictionlog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.event.FeedbackReceived;

/**
 * Reads a {@code POST /feedback} body, {@code {"requestId", "rows": [{"index", "label" |
 * "value"}]}} or, for a one-row request, {@code {"requestId", "label" | "value"}}, with
 * an optional {@code modelName}; any other shape is refused naming the field, so a
 * client's mistake never becomes a wrong ground truth.
 */
final class FeedbackReader {

	private static final Set<String> FIELDS = Set.of("requestId", "modelName", "rows", "label", "value");

	private static final Set<String> ROW_FIELDS = Set.of("index", "label", "value");

	private static final int MAX_MODEL_NAME = 256;

	private final JsonMapper mapper;

	private final int maxRows;

	FeedbackReader(JsonMapper mapper, int maxRows) {
		this.mapper = mapper;
		this.maxRows = maxRows;
	}

	/**
	 * The feedback a body gives.
	 * @param body the request body
	 * @param servedModel the model named when the body names none
	 * @return the feedback
	 * @throws InvalidFeedbackException for anything but the shapes above
	 */
	Feedback read(byte[] body, String servedModel) {
		JsonNode root = parse(body);
		for (Map.Entry<String, JsonNode> field : root.properties()) {
			if (!FIELDS.contains(field.getKey())) {
				throw new InvalidFeedbackException("unknown_field",
						"feedback has no field '" + shorten(field.getKey())
								+ "'; it takes requestId, modelName, and rows or one label or value",
						null, shorten(field.getKey()));
			}
		}
		String requestId = requestId(root.get("requestId"));
		String modelName = modelName(root.get("modelName"), servedModel);
		boolean single = root.has("label") || root.has("value");
		if (root.has("rows") && single) {
			throw new InvalidFeedbackException("invalid_shape",
					"give either rows or one label or value (for a one-row request), not both", null, "rows");
		}
		List<FeedbackReceived.Row> rows = single ? List.of(outcome(root, 0, null, "")) : rows(root.get("rows"));
		return new Feedback(modelName, requestId, rows, single);
	}

	private JsonNode parse(byte[] body) {
		if (body.length == 0) {
			throw new InvalidFeedbackException("malformed_json", "the request body is empty", null, null);
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidFeedbackException("malformed_json",
					"the body is not valid JSON: " + ex.getOriginalMessage(), null, null);
		}
		if (root == null || !root.isObject()) {
			throw new InvalidFeedbackException("malformed_json", "the body must be a JSON object", null, null);
		}
		return root;
	}

	private static String requestId(JsonNode node) {
		if (node == null || node.isNull()) {
			throw new InvalidFeedbackException("missing_field",
					"requestId is required: the X-Request-Id the prediction was answered with", null, "requestId");
		}
		if (!node.isString() || !RequestIds.valid(node.stringValue())) {
			throw new InvalidFeedbackException("invalid_request_id", "requestId must be a string of " + RequestIds.RULE,
					null, "requestId");
		}
		return node.stringValue();
	}

	private static String modelName(JsonNode node, String servedModel) {
		if (node == null || node.isNull()) {
			return servedModel;
		}
		if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > MAX_MODEL_NAME) {
			throw new InvalidFeedbackException("invalid_value",
					"modelName must be a registered model's name (at most " + MAX_MODEL_NAME + " characters)", null,
					"modelName");
		}
		return node.stringValue();
	}

	private List<FeedbackReceived.Row> rows(JsonNode rows) {
		if (rows == null || rows.isNull()) {
			throw new InvalidFeedbackException("missing_field",
					"feedback needs rows ([{\"index\", \"label\" | \"value\"}]) or one label or value", null, "rows");
		}
		if (!rows.isArray() || rows.isEmpty()) {
			throw new InvalidFeedbackException("invalid_shape", "rows must be a non-empty array", null, "rows");
		}
		if (rows.size() > this.maxRows) {
			throw new InvalidFeedbackException("too_many_rows",
					"feedback has " + rows.size() + " rows, more than the " + this.maxRows + " a request may carry",
					null, "rows");
		}
		List<FeedbackReceived.Row> read = new ArrayList<>(rows.size());
		Set<Integer> indexes = new HashSet<>();
		for (int i = 0; i < rows.size(); i++) {
			JsonNode row = rows.get(i);
			String at = "rows[" + i + "]";
			if (!row.isObject()) {
				throw new InvalidFeedbackException("invalid_shape", at + " must be an object", i, at);
			}
			for (String name : row.propertyNames()) {
				if (!ROW_FIELDS.contains(name)) {
					throw new InvalidFeedbackException("unknown_field",
							at + " has no field '" + shorten(name) + "'; a row takes index, and label or value", i,
							at + "." + shorten(name));
				}
			}
			JsonNode index = row.get("index");
			if (index == null || !index.isIntegralNumber() || !index.canConvertToInt() || index.intValue() < 0) {
				throw new InvalidFeedbackException("invalid_index",
						at + ".index must be the row's position in the prediction request, from 0", i, at + ".index");
			}
			if (!indexes.add(index.intValue())) {
				throw new InvalidFeedbackException("duplicate_index",
						at + ".index " + index.intValue() + " is given twice", i, at + ".index");
			}
			read.add(outcome(row, index.intValue(), i, at + "."));
		}
		return List.copyOf(read);
	}

	/** The label or value of a row (or of the body, for a one-row request). */
	private static FeedbackReceived.Row outcome(JsonNode node, int index, Integer row, String prefix) {
		JsonNode label = node.get("label");
		JsonNode value = node.get("value");
		if ((label == null) == (value == null)) {
			throw new InvalidFeedbackException("invalid_shape",
					prefix + "label (a nominal class) or " + prefix + "value (a numeric class) is required, not both",
					row, prefix + ((label == null) ? "label" : "value"));
		}
		if (label != null) {
			if (!label.isString() || label.stringValue().isEmpty()) {
				throw new InvalidFeedbackException("wrong_type", prefix + "label must be a non-empty string", row,
						prefix + "label");
			}
			return new FeedbackReceived.Row(index, label.stringValue(), null);
		}
		if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
			throw new InvalidFeedbackException("wrong_type", prefix + "value must be a finite number", row,
					prefix + "value");
		}
		return new FeedbackReceived.Row(index, null, value.doubleValue());
	}

	private static String shorten(String name) {
		return (name.length() > 64) ? name.substring(0, 64) + "..." : name;
	}

	/**
	 * Feedback as read, before it is stamped and published.
	 *
	 * @param modelName the model it is about
	 * @param requestId the prediction request it is about
	 * @param rows the true outcome per row
	 * @param single whether the body gave one outcome for a one-row request
	 */
	record Feedback(String modelName, String requestId, List<FeedbackReceived.Row> rows, boolean single) {

	}

}
