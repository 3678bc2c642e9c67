package dev.mlpipeline.security.test;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks, for any app of the pipeline, that the actuator exposes health (with its
 * liveness and readiness groups), info and prometheus to anyone, and nothing else even to
 * a signed-in user.
 */
public final class ActuatorExposure {

	/** The endpoints every app exposes, without credentials. */
	public static final List<String> OPEN = List.of("/actuator/health", "/actuator/health/liveness",
			"/actuator/health/readiness", "/actuator/info", "/actuator/prometheus");

	/** Endpoints the actuator has that no app may expose. */
	public static final List<String> HIDDEN = List.of("/actuator", "/actuator/env", "/actuator/configprops",
			"/actuator/heapdump", "/actuator/loggers", "/actuator/beans", "/actuator/threaddump", "/actuator/mappings",
			"/actuator/metrics", "/actuator/conditions", "/actuator/scheduledtasks", "/actuator/shutdown");

	private ActuatorExposure() {
	}

	/**
	 * Asserts the exposure.
	 * @param anonymous a client of the app without credentials
	 * @param user a user of the app with the viewer role
	 * @param password the user's password
	 */
	public static void assertOnlyProbesInfoAndMetrics(WebTestClient anonymous, String user, String password) {
		for (String path : OPEN) {
			HttpStatus status = HttpStatus
				.resolve(anonymous.get().uri(path).exchange().returnResult(byte[].class).getStatus().value());
			// readiness may be DOWN (503) while the app waits for something: still
			// exposed
			assertThat(status).as(path).isIn(HttpStatus.OK, HttpStatus.SERVICE_UNAVAILABLE);
		}
		WebTestClient signedIn = anonymous.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth(user, password))
			.build();
		for (String path : HIDDEN) {
			signedIn.get().uri(path).exchange().expectStatus().isNotFound();
			signedIn.post()
				.uri(path)
				.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).as("POST " + path).isIn(403, 404, 405));
		}
	}

}
