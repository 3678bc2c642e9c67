package dev.mlpipeline.serving.predictionlog;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.model.ServedModels;
import dev.mlpipeline.serving.http.MethodNotAllowed;

/**
 * Wires the prediction log (the buffer the prediction handler writes to, the sender that
 * drains it) and {@code POST /feedback}, both over one bounded producer.
 */
@Configuration(proxyBeanMethods = false)
class PredictionLogConfiguration {

	/** How often a dropped or failed record is reported in the application log. */
	private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	@Bean
	@SuppressWarnings("unchecked")
	LogProducer predictionLogProducer(ProducerFactory<?, ?> producerFactory, PredictionLogProperties properties) {
		return new LogProducer((ProducerFactory<String, Object>) producerFactory, properties);
	}

	@Bean
	PredictionLog predictionLog(PredictionLogProperties properties, MeterRegistry registry) {
		return new PredictionLog(properties.sample(), properties.buffer(), properties.bufferRows(),
				() -> ThreadLocalRandom.current().nextDouble(), registry,
				new Throttle(WARNING_INTERVAL, System::nanoTime));
	}

	@Bean
	PredictionLogSender predictionLogSender(PredictionLog log, LogProducer producer, MeterRegistry registry) {
		return new PredictionLogSender(log, producer.kafka(), Clock.systemUTC(), registry,
				new Throttle(WARNING_INTERVAL, System::nanoTime));
	}

	@Bean
	FeedbackHandler feedbackHandler(JsonMapper mapper, ServingProperties serving, ServedModels models,
			LogProducer producer, PredictionLogProperties properties) {
		return new FeedbackHandler(new FeedbackReader(mapper, serving.maxBatchSize()), models, producer.kafka(),
				Schedulers.boundedElastic(), properties.feedbackWait(), Clock.systemUTC());
	}

	@Bean
	FeedbackApiDocs feedbackApiDocs() {
		return new FeedbackApiDocs();
	}

	@Bean
	RouterFunction<ServerResponse> feedbackRouter(FeedbackHandler handler) {
		return RouterFunctions.route()
			.POST("/feedback", handler::feedback)
			.add(MethodNotAllowed.otherThan("/feedback", HttpMethod.POST))
			.build();
	}

}
