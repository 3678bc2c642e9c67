package dev.mlpipeline.serving.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.LoadedModel;
import dev.mlpipeline.serving.model.ServedModels;

/**
 * {@code GET /health} for load balancers and the seed's clients: 200 while every served
 * model is loaded, with the default model (and, when it stands in for a champion that
 * cannot load, the fallback) and a line per model; 503 with the reason while one is not.
 * {@code GET /models/{name}/health} tells the same of one model.
 */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {

	@Bean
	HealthApiDocs healthApiDocs() {
		return new HealthApiDocs();
	}

	@Bean
	RouterFunction<ServerResponse> healthRoute(ServedModels models) {
		// HEAD as GET (WebFlux drops the body), for probes that only look at the status
		RequestPredicate route = RequestPredicates.path("/health")
			.and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD));
		RequestPredicate named = RequestPredicates.path("/models/{name}/health")
			.and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD));
		return RouterFunctions.route()
			.route(route, (request) -> health(models))
			.route(named,
					(request) -> models.find(request.pathVariable("name"))
						.map(HealthRoutes::health)
						.orElseGet(() -> UnknownModel.answer(request.pathVariable("name"))))
			.add(MethodNotAllowed.otherThan("/health", HttpMethod.GET, HttpMethod.HEAD))
			.add(MethodNotAllowed.otherThan("/models/{name}/health", HttpMethod.GET, HttpMethod.HEAD))
			.build();
	}

	private static Mono<ServerResponse> health(ServedModels models) {
		Map<String, Object> body = describe(models.defaultModel());
		List<Map<String, Object>> each = new ArrayList<>();
		String down = null;
		for (ActiveModel active : models.all()) {
			Map<String, Object> line = describe(active);
			line.put("name", active.name());
			each.add(line);
			if (down == null && active.get() == null) {
				down = (active == models.defaultModel()) ? (String) line.get("reason")
						: "model " + active.name() + ": " + line.get("reason");
			}
		}
		if (down != null) {
			body.put("status", "DOWN");
			body.put("reason", down);
		}
		body.put("models", each);
		return ServerResponse.status((down == null) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	private static Mono<ServerResponse> health(ActiveModel active) {
		Map<String, Object> body = describe(active);
		return ServerResponse.status((active.get() != null) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	private static Map<String, Object> describe(ActiveModel active) {
		LoadedModel model = active.get();
		Map<String, Object> body = new LinkedHashMap<>();
		if (model == null) {
			body.put("status", "DOWN");
			body.put("reason", active.unavailableReason().orElse("no model is loaded"));
			return body;
		}
		body.put("status", "UP");
		body.put("model", Map.of("name", model.name(), "version", model.version()));
		active.fallback().ifPresent((fallback) -> body.put("fallback", fallback));
		return body;
	}

}
