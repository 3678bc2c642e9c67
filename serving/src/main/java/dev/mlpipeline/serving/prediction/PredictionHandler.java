package dev.mlpipeline.serving.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

import dev.mlpipeline.kafka.event.PredictionLogged;
import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.http.UnknownModel;
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.Challenger;
import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.model.ServedModels;
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
import dev.mlpipeline.serving.rollout.Rollout;

/**
 * Answers {@code /predict} and {@code /invocations}: reads the body within its limits
 * (see {@link BodyReader}), checks it against the model taken once for the whole request,
 * and scores on the event loop when the warm-up measured the batch as cheap, else on the
 * bounded scoring pool. The default model answers {@code /predict} and
 * {@code /invocations}, each served model the same under {@code /models/{name}/}. A
 * canary challenger answers its share of routing keys, a shadow scores the same rows off
 * the request's path. Every answer carries a request id, says which version answered in
 * which role, and is handed to the {@link PredictionLog}, which never makes it wait.
 */
class PredictionHandler {

	static final String MODEL_VERSION_HEADER = "X-Model-Version";

	static final String MODEL_ROLE_HEADER = "X-Model-Role";

	private static final Logger logger = LoggerFactory.getLogger(PredictionHandler.class);

	private static final String ACCEPTED = MediaType.APPLICATION_JSON_VALUE;

	private final ServedModels models;

	private final ShadowScoring shadows;

	private final RequestReader reader;

	private final BodyReader body;

	private final JsonMapper mapper;

	private final Scheduler scoring;

	private final PredictionMetrics metrics;

	private final long inlineBudgetNanos;

	private final PredictionLog log;

	PredictionHandler(ServedModels models, ShadowScoring shadows, JsonMapper mapper, Scheduler scoring,
			PredictionMetrics metrics, ServingProperties properties, PredictionLog log) {
		this.models = models;
		this.shadows = shadows;
		this.log = log;
		this.reader = new RequestReader(mapper, properties.maxBatchSize());
		this.body = new BodyReader(properties.maxBodyBytes(), properties.maxDiscardBytes());
		this.mapper = mapper;
		this.scoring = scoring;
		this.metrics = metrics;
		this.inlineBudgetNanos = properties.scoring().inlineBudget().toNanos();
	}

	Mono<ServerResponse> predict(ServerRequest request) {
		return handle(request, Endpoint.PREDICT, this.models.defaultModel());
	}

	Mono<ServerResponse> invocations(ServerRequest request) {
		return handle(request, Endpoint.INVOCATIONS, this.models.defaultModel());
	}

	/** {@code POST /models/{name}/predict}. */
	Mono<ServerResponse> predictModel(ServerRequest request) {
		return handleModel(request, Endpoint.PREDICT);
	}

	/** {@code POST /models/{name}/invocations}. */
	Mono<ServerResponse> invocationsOfModel(ServerRequest request) {
		return handleModel(request, Endpoint.INVOCATIONS);
	}

	private Mono<ServerResponse> handleModel(ServerRequest request, Endpoint endpoint) {
		String name = request.pathVariable("name");
		return this.models.find(name)
			.map((active) -> handle(request, endpoint, active))
			.orElseGet(() -> refuseUnread(request, new InvalidRequestException(HttpStatus.NOT_FOUND, "unknown_model",
					"unknown_model", UnknownModel.message(name), null, null), null));
	}

	private Mono<ServerResponse> handle(ServerRequest request, Endpoint endpoint, ActiveModel active) {
		long start = System.nanoTime();
		InvalidRequestException badHeader = invalidHeader(request, RequestIds.REQUEST_ID_HEADER, "invalid_request_id");
		if (badHeader == null) {
			badHeader = invalidHeader(request, RequestIds.ROUTING_KEY_HEADER, "invalid_routing_key");
		}
		if (badHeader != null) {
			return refuseUnread(request, badHeader, null);
		}
		String requestId = request.headers().firstHeader(RequestIds.REQUEST_ID_HEADER);
		String id = (requestId != null) ? requestId : RequestIds.generate();
		Call call = new Call(id,
				RequestIds.routingKey(request.headers().firstHeader(RequestIds.ROUTING_KEY_HEADER), id), start, active);
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
			.flatMap((body) -> score(body, endpoint, active, call.routingKey()))
			.flatMap((scored) -> respond(scored, endpoint, call))
			.onErrorResume((failure) -> error(failure, call));
	}

	/** The refusal of a request id or routing key that breaks {@link RequestIds#RULE}. */
	private static InvalidRequestException invalidHeader(ServerRequest request, String header, String kind) {
		String value = request.headers().firstHeader(header);
		return (value != null && !RequestIds.valid(value)) ? InvalidRequestException.invalid(kind,
				"the " + header + " header must be " + RequestIds.RULE, null, header) : null;
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

	private Mono<Scored> score(byte[] body, Endpoint endpoint, ActiveModel active, String routingKey) {
		LoadedModel champion = active.get();
		if (champion == null) {
			return Mono.error(new InvalidRequestException(HttpStatus.SERVICE_UNAVAILABLE, "model_unavailable",
					"model_unavailable", active.unavailableReason().orElse("no model is loaded"), null, null));
		}
		// read once, like the champion: a challenger swapped meanwhile changes nothing
		// here
		Optional<Challenger> challenger = active.challenger();
		boolean canary = challenger.isPresent() && challenger.get().rollout().answeredByChallenger(routingKey);
		LoadedModel model = canary ? challenger.get().model() : champion;
		Scoring scoring = new Scoring(canary ? PredictionLogged.CHALLENGER : PredictionLogged.CHAMPION, body,
				challenger.filter((shadow) -> shadow.rollout().mode() == Rollout.Mode.SHADOW)
					.map(Challenger::model)
					.orElse(null));
		Rows rows = (endpoint == Endpoint.PREDICT) ? this.reader.predictRows(body, model)
				: this.reader.invocationRows(body, model);
		if (model.scoresInline(rows.instances().length, this.inlineBudgetNanos)) {
			return Mono.just(scoreAll(model, rows, endpoint, scoring));
		}
		return Mono.fromCallable(() -> scoreAll(model, rows, endpoint, scoring)).subscribeOn(this.scoring);
	}

	private Scored scoreAll(LoadedModel model, Rows rows, Endpoint endpoint, Scoring scoring) {
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
		return new Scored(model, predictions, rows.given(), distributions, scoring);
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
				? new PredictResponse(new ModelRef(model.name(), model.version(), scored.scoring().role()),
						scored.predictions(), call.requestId())
				: new InvocationsResponse(scored.predictions(), call.requestId());
		byte[] json = this.mapper.writeValueAsBytes(answer);
		long nanos = System.nanoTime() - call.start();
		this.metrics.predicted(model.name(), model.version(), scored.scoring().role(), endpoint,
				scored.predictions().size(), nanos);
		LoggedRequest logged = LoggedRequest.answered(call.requestId(), call.routingKey(), model, scored.given(),
				scored.distributions(), nanos, scored.scoring().role());
		LoadedModel shadow = scored.scoring().shadow();
		if (shadow != null) {
			// the shadow logs the request once it has scored its rows too
			this.shadows.submit(shadow, scored.scoring().body(), endpoint == Endpoint.PREDICT, logged);
		}
		else {
			this.log.record(logged);
		}
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(MODEL_VERSION_HEADER, model.version())
			.header(MODEL_ROLE_HEADER, scored.scoring().role())
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
			LoadedModel model = call.model().get();
			this.log.record(LoggedRequest.refused(call.requestId(), call.routingKey(), call.model().name(),
					(model != null) ? model.version() : null, refusal.kind(), System.nanoTime() - call.start()));
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

		String tag() {
			return this.tag;
		}

	}

	/**
	 * Predictions and the model that made them, with the rows as given and their
	 * distributions for the log.
	 */
	private record Scored(LoadedModel model, List<Object> predictions,
			List<Iterable<Map.Entry<String, JsonNode>>> given, List<double[]> distributions, Scoring scoring) {

	}

	/**
	 * Who answers a request, and the shadow (with the body it will read) that scores the
	 * same rows, {@code null} without one.
	 */
	private record Scoring(String role, byte[] body, LoadedModel shadow) {

	}

	/** One request's id, routing key, arrival and the model it is for. */
	private record Call(String requestId, String routingKey, long start, ActiveModel model) {

	}

	/** A Weka failure while scoring a row that passed validation. */
	private static final class ScoringException extends RuntimeException {

		ScoringException(Exception cause) {
			super(cause.getMessage(), cause);
		}

	}

}
