package dev.mlpipeline.serving.benchmark;

import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.mlpipeline.security.AccessRules;

/**
 * The benchmark's ceiling: {@code POST /noop} reads the same body as {@code /predict} and
 * answers a constant JSON of similar size without parsing, validating or scoring. Added
 * only to the benchmark's server (a plain class, so component scanning never finds it).
 * That server opens every path, so {@code /noop} passes the same security filters as
 * {@code /predict}, which is open by default.
 */
class NoopEndpoint {

	private static final byte[] ANSWER = ("{\"model\":{\"name\":\"noop\",\"version\":\"0\"},\"predictions\":[{\"label\":"
			+ "\"Iris-setosa\",\"probabilities\":{\"Iris-setosa\":1.0,\"Iris-versicolor\":0.0,"
			+ "\"Iris-virginica\":0.0}}]}")
		.getBytes(StandardCharsets.UTF_8);

	@Bean
	@Primary
	AccessRules benchmarkAccessRules() {
		return AccessRules.builder().open(null, "/**").build();
	}

	@Bean
	RouterFunction<ServerResponse> noopRoute() {
		return RouterFunctions.route()
			.POST("/noop",
					(request) -> request.bodyToMono(byte[].class)
						.then(ServerResponse.ok()
							.contentType(MediaType.APPLICATION_JSON)
							.header("X-Model-Version", "0")
							.bodyValue(ANSWER)))
			.build();
	}

}
