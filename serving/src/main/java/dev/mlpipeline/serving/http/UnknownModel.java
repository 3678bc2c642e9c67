package dev.mlpipeline.serving.http;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The answer to {@code /models/{name}/...} for a model this instance does not serve: 404
 * with a JSON body naming it, in the shape of serving's other errors.
 */
public final class UnknownModel {

	private UnknownModel() {
	}

	/**
	 * The 404 for a model.
	 * @param name the model asked for
	 * @return the answer
	 */
	public static Mono<ServerResponse> answer(String name) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", "unknown_model");
		body.put("kind", "unknown_model");
		body.put("message", message(name));
		return ServerResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	/**
	 * What the 404 says.
	 * @param name the model asked for
	 * @return the message, the name cut short
	 */
	public static String message(String name) {
		String shown = (name.length() > 100) ? name.substring(0, 100) + "..." : name;
		return "this instance does not serve a model named '" + shown + "'";
	}

}
