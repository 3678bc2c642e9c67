package dev.mlpipeline.promoter.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.event.PromotionDecided;
import dev.mlpipeline.kafka.event.PromotionOutcome;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.promoter.support.RegistryFixture;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's page and reads, with the promoter's auth: the page at {@code /} for
 * viewers, who is signed in and whether they may act, a model's charts, the stream of the
 * pipeline's events; and the operator's rejection of a version waiting for approval.
 */
class DashboardApiTests extends PromoterIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void thePageIsServedAtTheRootToViewersAndAsksAnyoneElseToSignIn() {
		this.anonymous.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE);
		WebTestClient reader = as("reader", "reader-pass");
		String page = reader.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<title>Model promotion</title>").contains("/dashboard/dashboard.js");
		// the script and style come from the promoter itself, nothing from another host
		assertThat(page).doesNotContain("http://").doesNotContain("https://");
		reader.get().uri("/dashboard/dashboard.js").exchange().expectStatus().isOk();
		reader.get().uri("/dashboard/dashboard.css").exchange().expectStatus().isOk();
	}

	@Test
	void theSessionSaysWhoIsSignedInAndWhetherTheyMayAct() {
		as("reader", "reader-pass").get()
			.uri("/dashboard/session")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user")
			.isEqualTo("reader")
			.jsonPath("$.roles[0]")
			.isEqualTo("viewer")
			.jsonPath("$.operator")
			.isEqualTo(false)
			.jsonPath("$.mlflowPublicUri")
			.isEqualTo("http://localhost:5000");
		this.web.get()
			.uri("/dashboard/session")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user")
			.isEqualTo(OPERATOR)
			.jsonPath("$.operator")
			.isEqualTo(true);
	}

	@Test
	void theStreamTellsOfARegistrationAndItsDecisionAndTheChartsShowTheJudgedVersions() throws Exception {
		String model = RegistryFixture.uniqueModel("dashboard");
		List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
		Disposable stream = as("reader", "reader-pass").get()
			.uri("/dashboard/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.subscribe(received::add);
		try {
			// the stream is open once its first comment arrived
			eventually().until(() -> received.stream().anyMatch((event) -> "open".equals(event.comment())));
			this.fixture.publish(this.fixture.register(model, 0.85), 0.85);
			eventually().until(() -> kinds(received, model).contains("decided"));
			this.fixture.publish(this.fixture.register(model, 0.95), 0.95);
			eventually().until(() -> kinds(received, model).stream().filter("promoted"::equals).count() == 2);
			assertThat(kinds(received, model)).contains("registered", "decided", "promoted");
			JsonNode decided = received.stream()
				.filter((event) -> "decided".equals(event.event()))
				.map((event) -> JSON.readTree(event.data()))
				.filter((event) -> model.equals(event.path("model").asString()))
				.findFirst()
				.orElseThrow();
			assertThat(decided.path("version").asString()).isEqualTo("1");
			assertThat(decided.path("summary").asString()).contains("PROMOTED").contains("by policy");
		}
		finally {
			stream.dispose();
		}

		this.web.get()
			.uri("/dashboard/models/{name}/charts", model)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.metric.length()")
			.isEqualTo(2)
			.jsonPath("$.metric[0].version")
			.isEqualTo("1")
			.jsonPath("$.metric[1].version")
			.isEqualTo("2")
			.jsonPath("$.metric[1].championVersion")
			.isEqualTo("1")
			.jsonPath("$.metric[1].candidate")
			.isNumber()
			.jsonPath("$.metric[1].champion")
			.isNumber()
			.jsonPath("$.live.state")
			.isNotEmpty()
			.jsonPath("$.gates")
			.doesNotExist();
		this.web.get()
			.uri("/dashboard/models")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((models) -> assertThat(models).contains("\"" + model + "\""));
		this.web.get()
			.uri("/dashboard/models/{name}/charts?minutes=0", model)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("minutes");
	}

	@Test
	void anOperatorRejectsAVersionWaitingForApprovalAndNothingElse() {
		this.fixture.publish(this.fixture.register(REJECTION_MODEL, 0.9), 0.9);
		eventually().until(() -> this.fixture.version(REJECTION_MODEL, "1").tags(),
				(tags) -> "PENDING_APPROVAL".equals(tags.get(ModelTags.DECISION))
						&& tags.containsKey(ModelTags.DECISION_ID));
		as("reader", "reader-pass").post()
			.uri("/models/{name}/versions/{version}/reject", REJECTION_MODEL, "1")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.requiredRole")
			.isEqualTo("operator");

		this.web.post()
			.uri("/models/{name}/versions/{version}/reject", REJECTION_MODEL, "1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"reason\": \"trained on last year's data\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("REJECTED")
			.jsonPath("$.cause")
			.isEqualTo("MANUAL")
			.jsonPath("$.actor")
			.isEqualTo(OPERATOR)
			.jsonPath("$.reasons[0]")
			.isEqualTo("approval: version 1 rejected by an operator")
			.jsonPath("$.reasons[1]")
			.isEqualTo("note: trained on last year's data");
		PromotionDecided rejected = eventually()
			.until(() -> events.events(PromotionDecided.class, REJECTION_MODEL)
				.stream()
				.filter((event) -> event.outcome() == PromotionOutcome.REJECTED)
				.findFirst(), Optional::isPresent)
			.get();
		assertThat(rejected.cause()).isEqualTo(PromotionCause.MANUAL);
		assertThat(rejected.actor()).isEqualTo(OPERATOR);
		this.web.get()
			.uri("/models/{name}", REJECTION_MODEL)
			.exchange()
			.expectBody()
			.jsonPath("$.candidates.length()")
			.isEqualTo(0)
			.jsonPath("$.champion")
			.isEmpty();
		assertThat(this.fixture.alias(REJECTION_MODEL, "champion")).isEmpty();

		// once rejected, it no longer waits
		this.web.post()
			.uri("/models/{name}/versions/{version}/reject", REJECTION_MODEL, "1")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.error")
			.value((String error) -> assertThat(error).contains("latest decision is REJECTED"));
	}

	private static List<String> kinds(List<ServerSentEvent<String>> received, String model) {
		return received.stream()
			.filter((event) -> event.event() != null && event.data() != null)
			.filter((event) -> model.equals(JSON.readTree(event.data()).path("model").asString()))
			.map(ServerSentEvent::event)
			.toList();
	}

}
