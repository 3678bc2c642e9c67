package dev.mlpipeline.trainer;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.test.MlflowServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trainer started without {@code PIPELINE_USERS} fails closed: no one can publish or
 * read a job, the probes still answer, and the log says how to add users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pipeline.security.users=")
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class TrainerWithoutUsersTests {

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		KafkaBroker.register(registry);
		registry.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
	}

	@Test
	void refusesEveryJobRequestAndSaysHowToConfigureUsers(CapturedOutput output) {
		this.http.post()
			.uri("/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("modelName", "closed", "dataset", Map.of("uri", "builtin:iris"), "algorithm", "ZeroR"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.post()
			.uri("/jobs")
			.headers((headers) -> headers.setBasicAuth("scientist", "scientist-pass"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("modelName", "closed", "dataset", Map.of("uri", "builtin:iris"), "algorithm", "ZeroR"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.get().uri("/jobs/some-job").exchange().expectStatus().isUnauthorized();
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		assertThat(output).contains("No users configured (PIPELINE_USERS is empty)");
	}

}
