package dev.mlpipeline.serving.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The 405 a functional route does not give by itself: a method a path does not take is
 * answered {@code 405} with {@code Allow} and a JSON body, where WebFlux would answer 404
 * as if the path did not exist.
 */
public final class MethodNotAllowed {

	private MethodNotAllowed() {
	}

	/**
	 * A route answering 405 for every request to a path; add it after the path's own
	 * routes, so it catches only the methods they do not take.
	 * @param path the path
	 * @param allowed the methods the path takes
	 * @return the route
	 */
	public static RouterFunction<ServerResponse> otherThan(String path, HttpMethod... allowed) {
		String allow = Arrays.stream(allowed).map(HttpMethod::name).collect(Collectors.joining(", "));
		return RouterFunctions.route(RequestPredicates.path(path), (request) -> {
			Map<String, String> body = new LinkedHashMap<>();
			body.put("error", "method_not_allowed");
			body.put("kind", "method_not_allowed");
			body.put("message", shorten(request.method().name()) + " is not allowed on " + path + "; use " + allow);
			body.put("allowed", allow);
			return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
				.header(HttpHeaders.ALLOW, allow)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body);
		});
	}

	private static String shorten(String method) {
		return (method.length() > 20) ? method.substring(0, 20) + "..." : method;
	}

}
