package dev.mlpipeline.serving.prediction;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.http.MethodNotAllowed;
import dev.mlpipeline.serving.model.ServedModels;
import dev.mlpipeline.serving.predictionlog.PredictionLog;

/**
 * Routes {@code POST /predict} and MLflow-compatible {@code POST /invocations} for the
 * default model, the same under {@code /models/{name}/} for each served model (any other
 * method: 405), and owns the bounded pool that scores batches too costly for the event
 * loop.
 */
@Configuration(proxyBeanMethods = false)
class PredictionRoutes {

	// the shadow's budget holds this long a wall time's credit at most
	private static final Duration SHADOW_BURST = Duration.ofMillis(100);

	@Bean(destroyMethod = "dispose")
	Scheduler scoringScheduler(ServingProperties properties) {
		return Schedulers.newParallel("scoring", properties.scoring().threads(), true);
	}

	@Bean
	PredictionMetrics predictionMetrics(MeterRegistry meters, ServedModels models) {
		return new PredictionMetrics(meters,
				(model, version) -> models.find(model).map((active) -> active.serves(version)).orElse(false),
				System::nanoTime);
	}

	@Bean
	ShadowScoring shadowScoring(ServingProperties properties, JsonMapper mapper, MeterRegistry meters,
			PredictionLog predictionLog) {
		ServingProperties.Challenger challenger = properties.challenger();
		return new ShadowScoring(ShadowScoring.boundedPool(challenger.shadowThreads(), challenger.shadowQueue()),
				new ShadowBudget(challenger.shadowCpu(), SHADOW_BURST, System::nanoTime), ShadowScoring.threadCpuTime(),
				new RequestReader(mapper, properties.maxBatchSize()), meters, predictionLog::record);
	}

	@Bean
	PredictionHandler predictionHandler(ServedModels models, ShadowScoring shadowScoring, JsonMapper mapper,
			Scheduler scoringScheduler, PredictionMetrics metrics, ServingProperties properties,
			PredictionLog predictionLog) {
		return new PredictionHandler(models, shadowScoring, mapper, scoringScheduler, metrics, properties,
				predictionLog);
	}

	@Bean
	PredictionApiDocs predictionApiDocs() {
		return new PredictionApiDocs();
	}

	@Bean
	RouterFunction<ServerResponse> predictionRouter(PredictionHandler handler) {
		return RouterFunctions.route()
			.POST("/predict", handler::predict)
			.POST("/invocations", handler::invocations)
			.POST("/models/{name}/predict", handler::predictModel)
			.POST("/models/{name}/invocations", handler::invocationsOfModel)
			.add(MethodNotAllowed.otherThan("/predict", HttpMethod.POST))
			.add(MethodNotAllowed.otherThan("/invocations", HttpMethod.POST))
			.add(MethodNotAllowed.otherThan("/models/{name}/predict", HttpMethod.POST))
			.add(MethodNotAllowed.otherThan("/models/{name}/invocations", HttpMethod.POST))
			.build();
	}

}
