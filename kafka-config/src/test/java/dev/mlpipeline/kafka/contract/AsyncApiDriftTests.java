package dev.mlpipeline.kafka.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.signing.EventSignature;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/asyncapi} what the code generates; run with
 * {@code -Dpipeline.asyncapi.write=true} to rewrite it.
 */
class AsyncApiDriftTests {

	static final Set<String> FOREIGN = Set.of(AsyncApi.SCHEMAS + "/" + AsyncApi.LIVE_WINDOW + ".json");

	private final Path root = AsyncApi.root();

	private final Path folder = this.root.resolve(AsyncApi.FOLDER);

	@Test
	void theCheckedInContractIsWhatTheCodeGenerates() {
		Map<String, String> files = AsyncApi.files(this.root);
		if (Boolean.getBoolean("pipeline.asyncapi.write")) {
			ContractFiles.write(files, this.folder, FOREIGN);
		}
		assertThat(ContractFiles.differences(files, this.folder, FOREIGN))
			.as("docs/asyncapi drifted from the code; regenerate it with "
					+ "mvn -o verify -pl kafka-config -Dtest=AsyncApiDriftTests -Dpipeline.asyncapi.write=true")
			.isEmpty();
	}

	@Test
	void aDriftNamesTheFileThatDiffersTheOneMissingAndTheOneNoLongerGenerated(@TempDir Path copy) throws Exception {
		Map<String, String> files = AsyncApi.files(this.root);
		ContractFiles.write(files, copy, Set.of());
		String promoted = AsyncApi.SCHEMAS + "/ModelPromoted.json";
		Files.writeString(copy.resolve(promoted),
				files.get(promoted).replace("\"previousVersion\"", "\"priorVersion\""));
		Files.delete(copy.resolve(AsyncApi.SCHEMAS + "/TrainingFailed.json"));
		Files.writeString(copy.resolve(AsyncApi.SCHEMAS + "/ModelDeleted.json"), "{}\n");
		assertThat(ContractFiles.differences(files, copy, Set.of())).containsExactlyInAnyOrder(
				promoted + ": differs from the code at line " + firstLineWith(files.get(promoted), "previousVersion"),
				AsyncApi.SCHEMAS + "/TrainingFailed.json: missing",
				AsyncApi.SCHEMAS + "/ModelDeleted.json: no longer generated");
	}

	@Test
	void everyTopicAndDeadLetterTopicIsAChannelWithItsKeyPayloadAndHeaders() {
		JsonNode document = JsonMapper.builder().build().readTree(AsyncApi.files(this.root).get(AsyncApi.DOCUMENT));
		assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
		Map<String, String> expected = new LinkedHashMap<>();
		for (TopicSpec<?> spec : Topics.all()) {
			expected.put(spec.name(), spec.payloadType().getSimpleName());
			expected.put(spec.deadLetter(), spec.payloadType().getSimpleName() + "DeadLetter");
		}
		expected.put(AsyncApi.LIVE_STATS, AsyncApi.LIVE_WINDOW);
		Map<String, String> channels = new LinkedHashMap<>();
		document.get("channels")
			.properties()
			.forEach((channel) -> channels.put(channel.getValue().get("address").asString(),
					channel.getValue().get("messages").properties().iterator().next().getKey()));
		assertThat(channels).isEqualTo(expected);
		JsonNode promoted = document.at("/components/messages/ModelPromoted");
		assertThat(promoted.at("/payload/$ref").asString()).isEqualTo("./schemas/ModelPromoted.json");
		assertThat(promoted.at("/bindings/kafka/key/type").asString()).isEqualTo("string");
		assertThat(promoted.at("/bindings/kafka/key/description").asString()).contains("modelName");
		assertThat(document.at("/components/messages/ServingStatus/bindings/kafka/key/description").asString())
			.contains("instanceId");
		JsonNode signed = document.at("/components/schemas/SignedHeaders/properties");
		assertThat(signed.at("/" + EventSignature.SIGNATURE_HEADER + "/pattern").asString()).startsWith("^v1,");
		assertThat(signed.has(EventSignature.TIMESTAMP_HEADER)).isTrue();
		assertThat(document.at("/components/schemas/DeadLetterHeaders/properties").has("kafka_dlt-exception-message"))
			.isTrue();
		assertThat(document.at("/components/schemas/DeadLetterHeaders/patternProperties").has("^pipeline_rejected_"))
			.isTrue();
		assertThat(document.at("/servers/compose/host").asString()).isEqualTo("kafka:9092");
	}

	@Test
	void theSignaturePatternMatchesARealSignature() {
		EventSignature signature = new EventSignature("k".repeat(EventSignature.MIN_KEY_BYTES), null,
				java.time.Duration.ofMinutes(5));
		JsonNode document = JsonMapper.builder().build().readTree(AsyncApi.files(this.root).get(AsyncApi.DOCUMENT));
		JsonNode signed = document.at("/components/schemas/SignedHeaders/properties");
		assertThat(signature.sign(Topics.MODEL_PROMOTED, "iris", 1764152130123L, "{}".getBytes()))
			.matches(signed.at("/" + EventSignature.SIGNATURE_HEADER + "/pattern").asString());
		assertThat("1764152130123").matches(signed.at("/" + EventSignature.TIMESTAMP_HEADER + "/pattern").asString());
	}

	private static int firstLineWith(String content, String text) {
		List<String> lines = content.lines().toList();
		for (int line = 0; line < lines.size(); line++) {
			if (lines.get(line).contains(text)) {
				return line + 1;
			}
		}
		throw new IllegalArgumentException(text);
	}

}
