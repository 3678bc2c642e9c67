package dev.mlpipeline.serving.prediction;

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
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.predictionlog.PredictionLog;

/**
 * Routes {@code POST /predict} and MLflow-compatible {@code POST /invocations} (any other
 * method: 405), and owns the bounded pool that scores batches too costly for the event
 * loop.
 */
@Configuration(proxyBeanMethods = false)
class PredictionRoutes {

	@Bean(destroyMethod = "dispose")
	Scheduler scoringScheduler(ServingProperties properties) {
		return Schedulers.newParallel("scoring", properties.scoring().threads(), true);
	}

	@Bean
	PredictionHandler predictionHandler(ActiveModel active, JsonMapper mapper, Scheduler scoringScheduler,
			PredictionMetrics metrics, ServingProperties properties, PredictionLog predictionLog) {
		return new PredictionHandler(active, mapper, scoringScheduler, metrics, properties, predictionLog);
	}

	@Bean
	RouterFunction<ServerResponse> predictionRouter(PredictionHandler handler) {
		return RouterFunctions.route()
			.POST("/predict", handler::predict)
			.POST("/invocations", handler::invocations)
			.add(MethodNotAllowed.otherThan("/predict", HttpMethod.POST))
			.add(MethodNotAllowed.otherThan("/invocations", HttpMethod.POST))
			.build();
	}

}
