package dev.mlpipeline.serving.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import weka.core.Instance;
import weka.core.Utils;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.prediction.PredictionResponses.Classification;
import dev.mlpipeline.serving.prediction.PredictionResponses.ErrorResponse;
import dev.mlpipeline.serving.prediction.PredictionResponses.InvocationsResponse;
import dev.mlpipeline.serving.prediction.PredictionResponses.ModelRef;
import dev.mlpipeline.serving.prediction.PredictionResponses.PredictResponse;
import dev.mlpipeline.serving.prediction.PredictionResponses.Regression;
import dev.mlpipeline.serving.prediction.RequestReader.Rows;
import dev.mlpipeline.serving.predictionlog.LoggedRequest;
import dev.mlpipeline.serving.predictionlog.PredictionLog;
import dev.mlpipeline.serving.predictionlog.RequestIds;

/**
 * Answers {@code /predict} and {@code /invocations}: reads the body within its limits
 * (see {@link BodyReader}), checks it against the model taken once for the whole request,
 * and scores on the event loop when the warm-up measured the batch as cheap, else on the
 * bounded scoring pool. Every answer carries a request id and is handed to the
 * {@link PredictionLog}, which never makes it wait.
 */
class PredictionHandler {

	static final String MODEL_VERSION_HEADER = "X-Model-Version";

	private static final Logger logger = LoggerFactory.getLogger(PredictionHandler.class);

	private static final String ACCEPTED = MediaType.APPLICATION_JSON_VALUE;

	private final ActiveModel active;

	private final RequestReader reader;

	private final BodyReader body;

	private final JsonMapper mapper;

	private final Scheduler scoring;

	private final PredictionMetrics metrics;

	private final long inlineBudgetNanos;

	private final PredictionLog log;

	private final String modelName;

	PredictionHandler(ActiveModel active, JsonMapper mapper, Scheduler scoring, PredictionMetrics metrics,
			ServingProperties properties, PredictionLog log) {
		this.active = active;
		this.log = log;
		this.modelName = properties.modelName();
		this.reader = new RequestReader(mapper, properties.maxBatchSize());
		this.body = new BodyReader(properties.maxBodyBytes(), properties.maxDiscardBytes());
		this.mapper = mapper;
		this.scoring = scoring;
		this.metrics = metrics;
		this.inlineBudgetNanos = properties.scoring().inlineBudget().toNanos();
	}

	Mono<ServerResponse> predict(ServerRequest request) {
		return handle(request, Endpoint.PREDICT);
	}

	Mono<ServerResponse> invocations(ServerRequest request) {
		return handle(request, Endpoint.INVOCATIONS);
	}

	private Mono<ServerResponse> handle(ServerRequest request, Endpoint endpoint) {
		long start = System.nanoTime();
		String requestId = request.headers().firstHeader(RequestIds.REQUEST_ID_HEADER);
		if (requestId != null && !RequestIds.valid(requestId)) {
			return refuseUnread(request,
					InvalidRequestException.invalid("invalid_request_id",
							"the " + RequestIds.REQUEST_ID_HEADER + " header must be " + RequestIds.RULE, null,
							RequestIds.REQUEST_ID_HEADER),
					null);
		}
		String id = (requestId != null) ? requestId : RequestIds.generate();
		Call call = new Call(id,
				RequestIds.routingKey(request.headers().firstHeader(RequestIds.ROUTING_KEY_HEADER), id), start);
		String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
		if (!isJson(contentType)) {
			return refuseUnread(request,
					new InvalidRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
							"unsupported_media_type", "the body must be " + ACCEPTED + ", not "
									+ ((contentType != null) ? describe(contentType) : "untyped"),
							null, null),
					call);
		}
		boolean gzip;
		try {
			gzip = BodyReader.gzip(request);
		}
		catch (InvalidRequestException refusal) {
			return refuseUnread(request, refusal, call);
		}
		InvalidRequestException tooLarge = this.body.announcedTooLarge(request);
		if (tooLarge != null) {
			return refuseUnread(request, tooLarge, call);
		}
		return this.body.read(request, gzip)
			.flatMap((body) -> score(body, endpoint))
			.flatMap((scored) -> respond(scored, endpoint, call))
			.onErrorResume((failure) -> error(failure, call));
	}

	/**
	 * Refuses a request whose body is of no use, after reading it to its end when that is
	 * cheap enough (so the client can read the answer, and the connection serves the next
	 * request); else at once, closing the connection.
	 */
	private Mono<ServerResponse> refuseUnread(ServerRequest request, InvalidRequestException refusal, Call call) {
		if (!this.body.drainable(request)) {
			return error(refusal.closingConnection(), call);
		}
		return this.body.discard(request)
			.then(Mono.defer(() -> error(refusal, call)))
			.onErrorResume((failure) -> error(failure, call));
	}

	/**
	 * Whether a {@code Content-Type} names JSON: {@code application/json} or a concrete
	 * {@code application/*+json}. A header that does not parse is no JSON (and not a
	 * server error), nor is a wildcard, which names no type at all.
	 */
	private static boolean isJson(String header) {
		if (header == null) {
			return false;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(header);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return !type.isWildcardType() && !type.isWildcardSubtype() && "application".equals(type.getType())
				&& ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
	}

	/**
	 * The header as sent, quoted and cut short, so a refusal never echoes a long value.
	 */
	private static String describe(String header) {
		String shown = (header.length() > 100) ? header.substring(0, 100) + "..." : header;
		return "'" + shown + "'";
	}

	private Mono<Scored> score(byte[] body, Endpoint endpoint) {
		LoadedModel model = this.active.get();
		if (model == null) {
			return Mono.error(new InvalidRequestException(HttpStatus.SERVICE_UNAVAILABLE, "model_unavailable",
					"model_unavailable", this.active.unavailableReason().orElse("no model is loaded"), null, null));
		}
		Rows rows = (endpoint == Endpoint.PREDICT) ? this.reader.predictRows(body, model)
				: this.reader.invocationRows(body, model);
		if (model.scoresInline(rows.instances().length, this.inlineBudgetNanos)) {
			return Mono.just(scoreAll(model, rows, endpoint));
		}
		return Mono.fromCallable(() -> scoreAll(model, rows, endpoint)).subscribeOn(this.scoring);
	}

	private Scored scoreAll(LoadedModel model, Rows rows, Endpoint endpoint) {
		List<Object> predictions = new ArrayList<>(rows.instances().length);
		List<double[]> distributions = new ArrayList<>(rows.instances().length);
		for (Instance row : rows.instances()) {
			double[] distribution;
			try {
				distribution = model.scorer().distribution(row);
			}
			catch (Exception ex) {
				throw new ScoringException(ex);
			}
			distributions.add(distribution);
			predictions.add(prediction(model, distribution, endpoint));
		}
		return new Scored(model, predictions, rows.given(), distributions);
	}

	private static Object prediction(LoadedModel model, double[] distribution, Endpoint endpoint) {
		if (model.numericClass()) {
			double value = distribution[0];
			Double boxed = Utils.isMissingValue(value) ? null : value;
			return (endpoint == Endpoint.PREDICT) ? new Regression(boxed) : boxed;
		}
		List<String> labels = model.classLabels();
		int best = -1;
		double max = 0;
		for (int i = 0; i < distribution.length; i++) {
			if (distribution[i] > max) {
				max = distribution[i];
				best = i;
			}
		}
		String label = (best >= 0) ? labels.get(best) : null;
		if (endpoint == Endpoint.INVOCATIONS) {
			return label;
		}
		Map<String, Double> probabilities = new LinkedHashMap<>();
		for (int i = 0; i < distribution.length; i++) {
			probabilities.put(labels.get(i), distribution[i]);
		}
		return new Classification(label, probabilities);
	}

	private Mono<ServerResponse> respond(Scored scored, Endpoint endpoint, Call call) {
		LoadedModel model = scored.model();
		Object answer = (endpoint == Endpoint.PREDICT)
				? new PredictResponse(new ModelRef(model.name(), model.version()), scored.predictions(),
						call.requestId())
				: new InvocationsResponse(scored.predictions(), call.requestId());
		byte[] json = this.mapper.writeValueAsBytes(answer);
		long nanos = System.nanoTime() - call.start();
		this.metrics.predicted(endpoint.tag, scored.predictions().size(), nanos);
		this.log.record(LoggedRequest.answered(call.requestId(), call.routingKey(), model, scored.given(),
				scored.distributions(), nanos));
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(MODEL_VERSION_HEADER, model.version())
			.header(RequestIds.REQUEST_ID_HEADER, call.requestId())
			.bodyValue(json);
	}

	/**
	 * The error answer; logged too, unless the request id was what was refused (then
	 * there is no {@code call}).
	 */
	private Mono<ServerResponse> error(Throwable failure, Call call) {
		InvalidRequestException refusal = refusal(failure);
		this.metrics.error(refusal.kind());
		boolean unsupportedType = refusal.kind().equals("unsupported_media_type");
		boolean unsupportedEncoding = refusal.kind().equals("unsupported_encoding");
		ServerResponse.BodyBuilder response = ServerResponse.status(refusal.status())
			.contentType(MediaType.APPLICATION_JSON);
		// RFC 9110 15.5.16: a 415 names what would do, in Accept or Accept-Encoding
		if (unsupportedType) {
			response.header(HttpHeaders.ACCEPT, ACCEPTED);
		}
		if (unsupportedEncoding) {
			response.header(HttpHeaders.ACCEPT_ENCODING, BodyReader.ACCEPTED_ENCODINGS);
		}
		if (refusal.closesConnection()) {
			response.header(HttpHeaders.CONNECTION, "close");
		}
		if (call != null) {
			response.header(RequestIds.REQUEST_ID_HEADER, call.requestId());
			LoadedModel model = this.active.get();
			this.log.record(LoggedRequest.refused(call.requestId(), call.routingKey(),
					(model != null) ? model.name() : this.modelName, (model != null) ? model.version() : null,
					refusal.kind(), System.nanoTime() - call.start()));
		}
		return response.bodyValue(this.mapper.writeValueAsBytes(new ErrorResponse(refusal.error(), refusal.kind(),
				refusal.getMessage(), refusal.row(), refusal.field(), unsupportedType ? ACCEPTED : null,
				unsupportedEncoding ? BodyReader.ACCEPTED_ENCODINGS : null, (call != null) ? call.requestId() : null)));
	}

	private static InvalidRequestException refusal(Throwable failure) {
		if (failure instanceof InvalidRequestException refusal) {
			return refusal;
		}
		logger.error("Prediction failed", failure);
		return new InvalidRequestException(HttpStatus.INTERNAL_SERVER_ERROR, "prediction_failed",
				(failure instanceof ScoringException) ? "scoring_failed" : "internal_error",
				"the prediction failed: " + failure.getMessage(), null, null);
	}

	/** The endpoints, with their metric tag. */
	enum Endpoint {

		PREDICT("predict"), INVOCATIONS("invocations");

		private final String tag;

		Endpoint(String tag) {
			this.tag = tag;
		}

	}

	/**
	 * Predictions and the model that made them, with the rows as given and their
	 * distributions for the log.
	 */
	private record Scored(LoadedModel model, List<Object> predictions,
			List<Iterable<Map.Entry<String, JsonNode>>> given, List<double[]> distributions) {

	}

	/** One request's id, routing key and arrival. */
	private record Call(String requestId, String routingKey, long start) {

	}

	/** A Weka failure while scoring a row that passed validation. */
	private static final class ScoringException extends RuntimeException {

		ScoringException(Exception cause) {
			super(cause.getMessage(), cause);
		}

	}

}
