package dev.mlpipeline.promoter;

import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.security.test.FreshConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A promoter started without {@code PIPELINE_USERS} fails closed: no one can change or
 * read production, the probes still answer, and the log says how to add users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pipeline.security.users=")
@ExtendWith(OutputCaptureExtension.class)
class PromoterWithoutUsersTests {

	WebTestClient http;

	// a new connection per request (FreshConnections says why)
	@Autowired
	void client(@LocalServerPort int port) {
		this.http = FreshConnections.client(port);
	}

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
		registry.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
	}

	@Test
	void refusesEveryControlRequestAndSaysHowToConfigureUsers(CapturedOutput output) {
		this.http.post().uri("/models/iris/rollback").exchange().expectStatus().isUnauthorized();
		this.http.post()
			.uri("/models/iris/versions/1/promote")
			.headers((headers) -> headers.setBasicAuth("olga", "olga-pass"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.get().uri("/models/iris/decisions").exchange().expectStatus().isUnauthorized();
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		assertThat(output).contains("No users configured (PIPELINE_USERS is empty)");
	}

}
