package dev.mlpipeline.serving.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
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
import dev.mlpipeline.serving.rollout.Rollout;

/**
 * Answers {@code /predict} and {@code /invocations}: reads the body within its limits
 * (see {@link BodyReader}), checks it against the model taken once for the whole request,
 * and scores on the event loop when the warm-up measured the batch as cheap, else on the
 * bounded scoring pool.
 */
class PredictionHandler {

	static final String MODEL_VERSION_HEADER = "X-Model-Version";

	static final String MODEL_ROLE_HEADER = "X-Model-Role";

	static final String ROUTING_KEY_HEADER = "X-Routing-Key";

	static final String REQUEST_ID_HEADER = "X-Request-Id";

	private static final Logger logger = LoggerFactory.getLogger(PredictionHandler.class);

	private static final String ACCEPTED = MediaType.APPLICATION_JSON_VALUE;

	private static final String CHAMPION = "champion";

	private static final String CHALLENGER = "challenger";

	private static final int MAX_KEY_LENGTH = 128;

	private final ServedModels models;

	private final ShadowScoring shadows;

	private final RequestReader reader;

	private final BodyReader body;

	private final JsonMapper mapper;

	private final Scheduler scoring;

	private final PredictionMetrics metrics;

	private final long inlineBudgetNanos;

	PredictionHandler(ServedModels models, ShadowScoring shadows, JsonMapper mapper, Scheduler scoring,
			PredictionMetrics metrics, ServingProperties properties) {
		this.models = models;
		this.shadows = shadows;
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
					"unknown_model", UnknownModel.message(name), null, null)));
	}

	private Mono<ServerResponse> handle(ServerRequest request, Endpoint endpoint, ActiveModel active) {
		long start = System.nanoTime();
		String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
		if (!isJson(contentType)) {
			return refuseUnread(request,
					new InvalidRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
							"unsupported_media_type", "the body must be " + ACCEPTED + ", not "
									+ ((contentType != null) ? describe(contentType) : "untyped"),
							null, null));
		}
		boolean gzip;
		try {
			gzip = BodyReader.gzip(request);
		}
		catch (InvalidRequestException refusal) {
			return refuseUnread(request, refusal);
		}
		InvalidRequestException tooLarge = this.body.announcedTooLarge(request);
		if (tooLarge != null) {
			return refuseUnread(request, tooLarge);
		}
		String routingKey;
		try {
			routingKey = routingKey(request);
		}
		catch (InvalidRequestException refusal) {
			return refuseUnread(request, refusal);
		}
		return this.body.read(request, gzip)
			.flatMap((body) -> score(body, endpoint, active, routingKey))
			.flatMap((scored) -> respond(scored, endpoint, start))
			.onErrorResume(this::error);
	}

	/**
	 * Refuses a request whose body is of no use, after reading it to its end when that is
	 * cheap enough (so the client can read the answer, and the connection serves the next
	 * request); else at once, closing the connection.
	 */
	private Mono<ServerResponse> refuseUnread(ServerRequest request, InvalidRequestException refusal) {
		if (!this.body.drainable(request)) {
			return error(refusal.closingConnection());
		}
		return this.body.discard(request).then(Mono.defer(() -> error(refusal))).onErrorResume(this::error);
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

	/**
	 * The caller's routing key ({@code X-Routing-Key}, else {@code X-Request-Id}, else a
	 * random id), which decides a canary's answer so a caller sticks to one version.
	 */
	private static String routingKey(ServerRequest request) {
		for (String header : new String[] { ROUTING_KEY_HEADER, REQUEST_ID_HEADER }) {
			String value = request.headers().firstHeader(header);
			if (value != null) {
				if (value.isBlank() || value.length() > MAX_KEY_LENGTH) {
					throw InvalidRequestException.invalid("invalid_header",
							header + " must be 1 to " + MAX_KEY_LENGTH + " characters, not " + value.length(), null,
							header);
				}
				return value;
			}
		}
		return UUID.randomUUID().toString();
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
		String role = canary ? CHALLENGER : CHAMPION;
		Instance[] rows = (endpoint == Endpoint.PREDICT) ? this.reader.predictRows(body, model)
				: this.reader.invocationRows(body, model);
		challenger.filter((shadow) -> shadow.rollout().mode() == Rollout.Mode.SHADOW)
			.ifPresent((shadow) -> this.shadows.submit(shadow.model(), body, endpoint == Endpoint.PREDICT));
		if (model.scoresInline(rows.length, this.inlineBudgetNanos)) {
			return Mono.just(scoreAll(model, role, rows, endpoint));
		}
		return Mono.fromCallable(() -> scoreAll(model, role, rows, endpoint)).subscribeOn(this.scoring);
	}

	private Scored scoreAll(LoadedModel model, String role, Instance[] rows, Endpoint endpoint) {
		List<Object> predictions = new ArrayList<>(rows.length);
		for (Instance row : rows) {
			double[] distribution;
			try {
				distribution = model.scorer().distribution(row);
			}
			catch (Exception ex) {
				throw new ScoringException(ex);
			}
			predictions.add(prediction(model, distribution, endpoint));
		}
		return new Scored(model, role, predictions);
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

	private Mono<ServerResponse> respond(Scored scored, Endpoint endpoint, long start) {
		LoadedModel model = scored.model();
		Object answer = (endpoint == Endpoint.PREDICT)
				? new PredictResponse(new ModelRef(model.name(), model.version(), scored.role()), scored.predictions())
				: new InvocationsResponse(scored.predictions());
		byte[] json = this.mapper.writeValueAsBytes(answer);
		this.metrics.predicted(endpoint.tag, scored.predictions().size(), System.nanoTime() - start);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(MODEL_VERSION_HEADER, model.version())
			.header(MODEL_ROLE_HEADER, scored.role())
			.bodyValue(json);
	}

	private Mono<ServerResponse> error(Throwable failure) {
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
		return response.bodyValue(this.mapper.writeValueAsBytes(new ErrorResponse(refusal.error(), refusal.kind(),
				refusal.getMessage(), refusal.row(), refusal.field(), unsupportedType ? ACCEPTED : null,
				unsupportedEncoding ? BodyReader.ACCEPTED_ENCODINGS : null)));
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

	/** Predictions and the model that made them. */
	private record Scored(LoadedModel model, String role, List<Object> predictions) {

	}

	/** A Weka failure while scoring a row that passed validation. */
	private static final class ScoringException extends RuntimeException {

		ScoringException(Exception cause) {
			super(cause.getMessage(), cause);
		}

	}

}
