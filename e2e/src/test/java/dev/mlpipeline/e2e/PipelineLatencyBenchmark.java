package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.ModelPromoted;
import dev.mlpipeline.kafka.event.PromotionCause;
import dev.mlpipeline.kafka.serde.EventSerializer;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import tools.jackson.databind.JsonNode;

/**
 * Figures, not assertions: how long the pipeline takes from {@code POST /jobs} to
 * {@code /predict} answering with the new version, phase by phase, and from a
 * {@code ModelPromoted} event to the first answer from the promoted version. Excluded
 * from {@code mvn verify}; run it with
 * {@code mvn -B -pl e2e -am verify -Dtest=PipelineLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false -De2e.excludedGroups=none}.
 * Writes {@code e2e/target/benchmark/pipeline-latency.md}.
 */
@Tag("benchmark")
class PipelineLatencyBenchmark {

	private static final int JOBS = Integer.getInteger("benchmark.jobs", 5);

	private static final int SWAPS = Integer.getInteger("benchmark.swaps", 30);

	@Test
	void measuresJobToPredictionAndPromotionToFirstAnswer() throws Exception {
		Path logs = Path.of("target", "benchmark-logs").toAbsolutePath();
		StringBuilder report = new StringBuilder("# Pipeline latency\n\n");
		report.append("Run ")
			.append(Instant.now())
			.append(" on ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores: Kafka broker, trainer, promoter and serving as separate processes on loopback, ")
			.append("MLflow test server in the benchmark JVM. All times in ms.\n\n");
		try (Pipeline pipeline = Pipeline.start(logs, Map.of())) {
			jobToPrediction(pipeline, report);
			promotionToFirstAnswer(pipeline, report);
		}
		Path out = Path.of("target", "benchmark", "pipeline-latency.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	/**
	 * J48 on iris with 10-fold cross-validation, JOBS times. Before each job the champion
	 * is cleared in the registry, so each new version is promoted as the first champion
	 * and the whole path runs every time.
	 */
	private void jobToPrediction(Pipeline pipeline, StringBuilder report) {
		report.append("## POST /jobs to /predict answering from the new version (J48, iris, 10-fold CV)\n\n")
			.append("| job | queued | train, evaluate, record | register | decide | swap | first answer | total |\n")
			.append("|---|---|---|---|---|---|---|---|\n");
		List<long[]> rows = new ArrayList<>();
		for (int job = 1; job <= JOBS + 1; job++) {
			clearChampion(pipeline);
			long posted = System.currentTimeMillis();
			String jobId = pipeline.publishJob("J48", "-C 0.25 -M 2");
			JsonNode status = pipeline.awaitJob(jobId);
			String version = status.path("version").asString();
			long answered = awaitAnswerFrom(pipeline, version);
			Run run = pipeline.tracking.getRun(status.path("runId").asString());
			ModelVersion registered = pipeline.registry.getModelVersion(pipeline.model, version);
			long decided = Instant.parse(pipeline.awaitDecision(version, "PROMOTED").path("decidedAt").asString())
				.toEpochMilli();
			long loaded = Instant.parse(pipeline.read(pipeline.serving.get("/model")).path("loadedAt").asString())
				.toEpochMilli();
			long[] phases = { run.startTime() - posted, registered.creationTimestamp() - run.startTime(),
					run.endTime() - registered.creationTimestamp(), decided - run.endTime(), loaded - decided,
					answered - loaded, answered - posted };
			if (job == 1) {
				continue; // warm-up: the first job pays for class loading and JIT in
							// every process
			}
			rows.add(phases);
			report.append("| ").append(job - 1);
			for (long phase : phases) {
				report.append(" | ").append(phase);
			}
			report.append(" |\n");
		}
		report.append("| median");
		for (int phase = 0; phase < 7; phase++) {
			int index = phase;
			report.append(" | ").append(median(rows.stream().map((row) -> row[index]).toList()));
		}
		report.append(" |\n\n")
			.append("queued: POST to run start; train, evaluate, record: run start to version created (cross-validation, ")
			.append("final model, metrics and artifacts uploaded); register: version created to run FINISHED ")
			.append("(READY, tags, run end); decide: run end to the promoter's decision (event, registry reads, ")
			.append("alias and stage written); swap: decision to serving's loadedAt (event, registry re-read, ")
			.append("download, checks, warm-up); first answer: loadedAt to the first /predict answered by the new ")
			.append("version (client polling).\n\n");
	}

	/**
	 * Alternates production between two versions: the registry is moved first (as the
	 * promoter does), then the event is published; the clock stops at the first /predict
	 * answered by the promoted version.
	 */
	private void promotionToFirstAnswer(Pipeline pipeline, StringBuilder report) throws Exception {
		String current = pipeline.servingVersion();
		String other = pipeline.runJob("J48", "-C 0.1 -M 3").path("version").asString();
		pipeline.awaitDecision(other, null);
		current = pipeline.servingVersion();
		if (current.equals(other)) {
			other = pipeline.runJob("J48", "-C 0.25 -M 2").path("version").asString();
			pipeline.awaitDecision(other, null);
		}
		List<Long> latencies = new ArrayList<>();
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all");
		EventSerializer json = new EventSerializer();
		try (var producer = new KafkaProducer<>(configs, new StringSerializer(), new ByteArraySerializer())) {
			for (int swap = 0; swap <= SWAPS; swap++) {
				String target = (swap % 2 == 0) ? other : current;
				String previous = (swap % 2 == 0) ? current : other;
				pipeline.registry.setAlias(pipeline.model, "champion", target);
				pipeline.registry.transitionStage(pipeline.model, target, "Production", true);
				ModelVersion version = pipeline.registry.getModelVersion(pipeline.model, target);
				long published = System.currentTimeMillis();
				ModelPromoted event = new ModelPromoted(UUID.randomUUID().toString(), pipeline.model, target, previous,
						version.runId(), version.source(), version.tags().get("sha256"), PromotionCause.MANUAL,
						Instant.now(), "benchmark");
				producer.send(Pipeline.signed(Topics.MODEL_PROMOTED, pipeline.model, json.serialize(null, event)))
					.get();
				long answered = awaitAnswerFrom(pipeline, target);
				if (swap > 0) {
					latencies.add(answered - published);
				}
			}
		}
		latencies.sort(Comparator.naturalOrder());
		report.append("## ModelPromoted to the first /predict answer from the promoted version\n\n")
			.append(SWAPS)
			.append(" promotions alternating two J48 versions (after one warm-up): median ")
			.append(median(latencies))
			.append(" ms, p90 ")
			.append(latencies.get((int) Math.ceil(latencies.size() * 0.9) - 1))
			.append(" ms, max ")
			.append(latencies.get(latencies.size() - 1))
			.append(" ms.\n");
	}

	private static long awaitAnswerFrom(Pipeline pipeline, String version) {
		long deadline = System.currentTimeMillis() + Pipeline.SWAP_TIMEOUT.toMillis();
		while (System.currentTimeMillis() < deadline) {
			HttpResponse<String> response = pipeline.serving.post("/predict", Pipeline.IRIS_ROW);
			if (response.statusCode() == 200
					&& version.equals(response.headers().firstValue("X-Model-Version").orElse(null))) {
				return System.currentTimeMillis();
			}
			Thread.onSpinWait();
		}
		throw new IllegalStateException("serving never answered from version " + version);
	}

	private static void clearChampion(Pipeline pipeline) {
		pipeline.registry.findVersionByAlias(pipeline.model, "champion").ifPresent((champion) -> {
			pipeline.registry.deleteAlias(pipeline.model, "champion");
			pipeline.registry.transitionStage(pipeline.model, champion.version(), "Archived", false);
		});
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

}
