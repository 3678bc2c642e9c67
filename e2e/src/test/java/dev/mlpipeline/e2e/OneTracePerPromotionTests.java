package dev.mlpipeline.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mlpipeline.e2e.OtlpReceiver.ReceivedSpan;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three apps export to an OTLP receiver in this test, and a promotion is one trace:
 * {@code POST /jobs}, the trainer's listener and MLflow calls, {@code ModelRegistered},
 * the promoter's decision, {@code ModelPromoted} and serving's swap, every span's parent
 * in the same trace; an operator's rollback through the command topic is one tree too.
 * The apps log ECS JSON, whose lines carry the trace id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneTracePerPromotionTests {

	private static final Duration EXPORTED = Duration.ofSeconds(60);

	private OtlpReceiver receiver;

	private Pipeline pipeline;

	private String j48Version;

	private String j48TraceId;

	@BeforeAll
	void startThePipelineExportingTraces() throws Exception {
		this.receiver = new OtlpReceiver();
		this.pipeline = Pipeline.start(Path.of("target", "e2e-trace-logs").toAbsolutePath(),
				Map.of("MANAGEMENT_OTLP_TRACING_ENDPOINT", this.receiver.endpoint(),
						"LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		try {
			if (this.pipeline != null) {
				this.pipeline.close();
			}
		}
		finally {
			this.receiver.close();
			if (this.pipeline != null) {
				// every span received, for a reader of the logs
				Files.write(this.pipeline.logs.resolve("spans.txt"), OtlpReceiver.describe(this.receiver.spans()));
			}
		}
	}

	@Test
	@Order(1)
	void aJobsPromotionFromPostJobsToServingsSwapIsOneTrace() {
		JsonNode job = this.pipeline.runJob("J48", "-C 0.25 -M 2");
		String jobId = job.path("jobId").asString();
		this.j48Version = job.path("version").asString();
		this.pipeline.awaitServing(this.j48Version);
		String decisionId = this.pipeline.awaitDecision(this.j48Version, "PROMOTED").path("decisionId").asString();

		ReceivedSpan root = await().atMost(EXPORTED)
			.until(() -> this.receiver.spans()
				.stream()
				.filter((span) -> span.isRoot() && jobId.equals(span.attributes().get("pipeline.job.id")))
				.findFirst(), java.util.Optional::isPresent)
			.get();
		this.j48TraceId = root.traceId();
		assertThat(root.service()).isEqualTo("trainer");
		assertThat(root.kind()).isEqualTo("SERVER");
		assertThat(root.attributes()).containsEntry("uri", "/jobs")
			.containsEntry("method", "POST")
			.containsEntry("pipeline.model", this.pipeline.model);

		List<ReceivedSpan> trace = awaitTree(root.traceId(),
				(spans) -> spans.stream()
					.anyMatch((span) -> span.name().equals("pipeline.serving.swap")
							&& this.j48Version.equals(span.attributes().get("pipeline.model.version"))));

		assertThat(trace).extracting(ReceivedSpan::service).contains("trainer", "promoter", "serving");
		assertThat(trace).filteredOn((span) -> span.name().equals("pipeline.promotion.decision"))
			.singleElement()
			.satisfies((decision) -> {
				assertThat(decision.service()).isEqualTo("promoter");
				assertThat(decision.attributes()).containsEntry("pipeline.job.id", jobId)
					.containsEntry("pipeline.model", this.pipeline.model)
					.containsEntry("pipeline.model.version", this.j48Version)
					.containsEntry("pipeline.decision.id", decisionId);
			});
		assertThat(trace).filteredOn((span) -> span.name().equals("pipeline.serving.swap"))
			.singleElement()
			.satisfies((swap) -> {
				assertThat(swap.service()).isEqualTo("serving");
				assertThat(swap.attributes()).containsEntry("pipeline.model", this.pipeline.model)
					.containsEntry("pipeline.model.version", this.j48Version)
					.containsEntry("outcome", "swapped");
			});
		// the hops between them: both Kafka sides of every event on the way, and MLflow
		assertThat(trace).filteredOn((span) -> span.kind().equals("PRODUCER"))
			.extracting(ReceivedSpan::service)
			.contains("trainer", "promoter");
		assertThat(trace).filteredOn((span) -> span.kind().equals("CONSUMER"))
			.extracting(ReceivedSpan::service)
			.contains("trainer", "promoter", "serving");
		assertThat(trace).filteredOn((span) -> span.name().equals("mlflow.request"))
			.extracting(ReceivedSpan::service)
			.contains("trainer", "promoter");
		// endpoints are low-cardinality: no run id, no artifact path
		String runId = job.path("runId").asString();
		assertThat(trace).filteredOn((span) -> span.name().equals("mlflow.request"))
			.allSatisfy((call) -> assertThat(call.attributes().get("mlflow.endpoint")).startsWith("/")
				.doesNotContain(runId)
				.doesNotContain(jobId)
				.doesNotContain("/model/"));
	}

	@Test
	@Order(2)
	void anOperatorsRollbackThroughTheCommandTopicIsOneTree() {
		String zeroR = this.pipeline.runJob("ZeroR", "").path("version").asString();
		this.pipeline.awaitDecision(zeroR, "REJECTED");
		HttpResponse<String> promoted = this.pipeline.promoter.post(
				"/models/" + this.pipeline.model + "/versions/" + zeroR + "/promote",
				"{\"reason\": \"a baseline to roll back from\"}");
		assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
		this.pipeline.awaitServing(zeroR);

		HttpResponse<String> rollback = this.pipeline.promoter.post("/models/" + this.pipeline.model + "/rollback",
				"{}");
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
		this.pipeline.awaitServing(this.j48Version);

		ReceivedSpan command = await().atMost(EXPORTED)
			.until(() -> this.receiver.spans()
				.stream()
				.filter((span) -> span.name().equals("pipeline.promotion.command")
						&& "rollback".equals(span.attributes().get("pipeline.command.action")))
				.findFirst(), java.util.Optional::isPresent)
			.get();
		assertThat(command.service()).isEqualTo("promoter");
		assertThat(command.attributes()).containsEntry("pipeline.command.actor", "operator")
			.containsEntry("pipeline.model", this.pipeline.model)
			.containsKey("pipeline.decision.id");
		assertThat(command.traceId()).isNotEqualTo(this.j48TraceId);

		List<ReceivedSpan> trace = awaitTree(command.traceId(),
				(spans) -> spans.stream()
					.anyMatch((span) -> span.name().equals("pipeline.serving.swap")
							&& this.j48Version.equals(span.attributes().get("pipeline.model.version"))));
		ReceivedSpan root = trace.stream().filter(ReceivedSpan::isRoot).findFirst().orElseThrow();
		assertThat(root.service()).isEqualTo("promoter");
		assertThat(root.kind()).isEqualTo("SERVER");
		assertThat(root.attributes()).containsEntry("method", "POST").containsEntry("uri", "/models/{name}/rollback");
		assertThat(trace).filteredOn((span) -> span.name().equals("pipeline.serving.swap"))
			.singleElement()
			.satisfies((swap) -> assertThat(swap.attributes()).containsEntry("pipeline.load.reason", "event")
				.containsEntry("outcome", "swapped"));
	}

	@Test
	@Order(3)
	void anEcsLogLineOfTheTrainerCarriesThePromotionsTraceId() throws IOException {
		Path log = this.pipeline.logs.resolve("trainer.log");
		await().atMost(EXPORTED).untilAsserted(() -> {
			try (Stream<String> lines = Files.lines(log)) {
				assertThat(lines.filter((line) -> line.startsWith("{") && line.contains("\"ecs\""))
					.filter((line) -> line.contains("\"traceId\":\"" + this.j48TraceId + "\""))).isNotEmpty();
			}
		});
	}

	/**
	 * Waits until a trace is complete as far as the test can tell: it has what
	 * {@code complete} asks for, exactly one root, and every other span's parent in it.
	 */
	private List<ReceivedSpan> awaitTree(String traceId, Predicate<List<ReceivedSpan>> complete) {
		await().atMost(EXPORTED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			List<ReceivedSpan> trace = this.receiver.trace(traceId);
			assertThat(complete).as("%s", OtlpReceiver.describe(trace)).accepts(trace);
			Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
			assertThat(trace).as("%s", OtlpReceiver.describe(trace)).filteredOn(ReceivedSpan::isRoot).hasSize(1);
			assertThat(trace).as("spans whose parent is not in the trace")
				.filteredOn((span) -> !span.isRoot() && !ids.contains(span.parentSpanId()))
				.isEmpty();
		});
		return this.receiver.trace(traceId);
	}

}
