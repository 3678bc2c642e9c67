package dev.mlpipeline.serving.predictionlog;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.serving.http.UnknownModel;
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.ServedModels;
import dev.mlpipeline.kafka.event.FeedbackReceived;

/**
 * Answers {@code POST /feedback}: publishes the ground truth a client sends as a
 * {@link FeedbackReceived} and answers 202 only once Kafka has it, or 503 when it could
 * not be sent, since feedback is rare and the client should know whether it counted.
 */
class FeedbackHandler {

	private static final Logger logger = LoggerFactory.getLogger(FeedbackHandler.class);

	private final FeedbackReader reader;

	private final ServedModels models;

	private final KafkaOperations<String, Object> kafka;

	private final Scheduler sending;

	private final Duration wait;

	private final Clock clock;

	FeedbackHandler(FeedbackReader reader, ServedModels models, KafkaOperations<String, Object> kafka,
			Scheduler sending, Duration wait, Clock clock) {
		this.reader = reader;
		this.models = models;
		this.kafka = kafka;
		this.sending = sending;
		this.wait = wait;
		this.clock = clock;
	}

	Mono<ServerResponse> feedback(ServerRequest request) {
		Mono<String> actor = request.principal()
			.filter((principal) -> !(principal instanceof AnonymousAuthenticationToken))
			.map(Principal::getName);
		return request.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.map((body) -> this.reader.read(body, this.models.defaultModel().name()))
			.zipWith(actor.map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap((read) -> this.models.find(read.getT1().modelName())
				.map((model) -> checked(read.getT1(), model).then(publish(read.getT1(), read.getT2().orElse(null))))
				.orElseGet(() -> UnknownModel.answer(read.getT1().modelName())))
			.onErrorResume(InvalidFeedbackException.class,
					(refusal) -> answer(HttpStatus.BAD_REQUEST, "invalid_request", refusal.kind(), refusal.getMessage(),
							refusal.row(), refusal.field()))
			.onErrorResume(DataBufferLimitException.class,
					(tooLarge) -> answer(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "body_too_large",
							"the feedback body is larger than the server accepts", null, null));
	}

	/**
	 * Checks the outcomes against the class of the model's champion; with none loaded
	 * there is nothing to check against, and the feedback is taken as it is.
	 */
	private static Mono<Void> checked(FeedbackReader.Feedback feedback, ActiveModel model) {
		return Mono.fromRunnable(() -> model.current()
			.ifPresent((loaded) -> FeedbackOutcomes.check(feedback, loaded.classLabels(), feedback.single())));
	}

	private Mono<ServerResponse> publish(FeedbackReader.Feedback feedback, String actor) {
		FeedbackReceived event = new FeedbackReceived(UUID.randomUUID().toString(), feedback.modelName(),
				feedback.requestId(), feedback.rows(), this.clock.instant(), actor);
		// send() itself may block for metadata, so it runs off the event loop
		return Mono.fromCallable(() -> this.kafka.send(Topics.FEEDBACK, event.modelName(), event))
			.subscribeOn(this.sending)
			.flatMap(Mono::fromFuture)
			.timeout(this.wait)
			.flatMap((sent) -> ServerResponse.accepted()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("requestId", feedback.requestId(), "rows", feedback.rows().size())))
			.onErrorResume((failure) -> !(failure instanceof InvalidFeedbackException), (failure) -> {
				logger.warn("Feedback for request {} of model {} not published: {}", feedback.requestId(),
						feedback.modelName(), failure.toString());
				return answer(HttpStatus.SERVICE_UNAVAILABLE, "kafka_unavailable", "kafka_unavailable",
						"the feedback was not put on Kafka (" + failure.getClass().getSimpleName()
								+ "); send it again, it is not recorded",
						null, null);
			});
	}

	private static Mono<ServerResponse> answer(HttpStatus status, String error, String kind, String message,
			Integer row, String field) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("kind", kind);
		body.put("message", message);
		if (row != null) {
			body.put("row", row);
		}
		if (field != null) {
			body.put("field", field);
		}
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
