package dev.mlpipeline.serving.health;

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
import dev.mlpipeline.serving.model.ActiveModel;
import dev.mlpipeline.serving.model.LoadedModel;

/**
 * {@code GET /health} for load balancers and the seed's clients: 200 with the model while
 * one is served (and, when it stands in for a champion that cannot load, the fallback),
 * 503 with the reason while none is.
 */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {

	@Bean
	RouterFunction<ServerResponse> healthRoute(ActiveModel active) {
		// HEAD as GET (WebFlux drops the body), for probes that only look at the status
		RequestPredicate route = RequestPredicates.path("/health")
			.and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD));
		return RouterFunctions.route()
			.route(route, (request) -> health(active))
			.add(MethodNotAllowed.otherThan("/health", HttpMethod.GET, HttpMethod.HEAD))
			.build();
	}

	private static Mono<ServerResponse> health(ActiveModel active) {
		LoadedModel model = active.get();
		if (model == null) {
			return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("status", "DOWN", "reason", active.unavailableReason().orElse("no model is loaded")));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "UP");
		body.put("model", Map.of("name", model.name(), "version", model.version()));
		active.fallback().ifPresent((fallback) -> body.put("fallback", fallback));
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

}
