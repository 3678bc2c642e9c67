package dev.mlpipeline.serving.model;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.mlpipeline.serving.http.MethodNotAllowed;
import dev.mlpipeline.serving.http.UnknownModel;

/**
 * {@code GET /model} (the default model) and {@code GET /models/{name}}: what is served,
 * where it came from, when and why it was loaded, and the last load error, and whether it
 * is a fallback for a champion that cannot load; the challenger beside it (version,
 * rollout) and why one the registry names is not served, so an operator can see why
 * serving and registry disagree.
 */
@Configuration(proxyBeanMethods = false)
class ModelRoutes {

	@Bean
	ModelApiDocs modelApiDocs() {
		return new ModelApiDocs();
	}

	@Bean
	RouterFunction<ServerResponse> modelRoute(ServedModels models) {
		// HEAD as GET (WebFlux drops the body), for probes that only look at the status
		RequestPredicate route = RequestPredicates.path("/model")
			.and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD));
		RequestPredicate named = RequestPredicates.path("/models/{name}")
			.and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD));
		return RouterFunctions.route()
			.route(route, (request) -> model(models.defaultModel()))
			.route(named,
					(request) -> models.find(request.pathVariable("name"))
						.map(ModelRoutes::model)
						.orElseGet(() -> UnknownModel.answer(request.pathVariable("name"))))
			.add(MethodNotAllowed.otherThan("/model", HttpMethod.GET, HttpMethod.HEAD))
			.add(MethodNotAllowed.otherThan("/models/{name}", HttpMethod.GET, HttpMethod.HEAD))
			.build();
	}

	private static Mono<ServerResponse> model(ActiveModel active) {
		LoadedModel model = active.get();
		Map<String, Object> body = (model != null) ? describe(model) : new LinkedHashMap<>();
		if (model == null) {
			body.put("status", "NOT_LOADED");
			body.put("reason", active.unavailableReason().orElse(null));
		}
		active.fallback().ifPresent((fallback) -> body.put("fallback", fallback));
		body.put("lastLoadError", active.lastFailure().orElse(null));
		body.put("challenger", active.challenger().map((challenger) -> {
			Map<String, Object> described = new LinkedHashMap<>();
			described.put("version", challenger.model().version());
			described.put("rollout", challenger.rollout().toString());
			described.put("algorithm", challenger.model().algorithm());
			described.put("sha256", challenger.model().sha256());
			described.put("loadedAt", challenger.model().loadedAt().toString());
			return described;
		}).orElse(null));
		body.put("challengerLoadError", active.challengerFailure().orElse(null));
		return ServerResponse.status((model != null) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	static Map<String, Object> describe(LoadedModel model) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "LOADED");
		body.put("name", model.name());
		body.put("version", model.version());
		body.put("runId", model.runId());
		body.put("source", model.source());
		body.put("algorithm", model.algorithm());
		body.put("metrics", model.metrics());
		body.put("schema", model.schema());
		body.put("sha256", model.sha256());
		body.put("loadedAt", model.loadedAt().toString());
		body.put("loadReason", model.reason().label());
		body.put("scoring", Map.of("scorer", model.scorer().shared() ? "shared" : "pooled", "warmupNanosPerRow",
				model.nanosPerRow()));
		return body;
	}

}
