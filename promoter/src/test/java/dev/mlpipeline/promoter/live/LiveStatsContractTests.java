package dev.mlpipeline.promoter.live;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.mlpipeline.kafka.contract.AsyncApi;
import dev.mlpipeline.kafka.contract.JsonSchemas;
import dev.mlpipeline.kafka.contract.SchemaValidation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@value LiveStatsTopology#LIVE_STATS_TOPIC} topic in kafka-config's AsyncAPI
 * document: its payload schema ({@code docs/asyncapi/schemas/LiveWindow.json}) is written
 * here from the record, since only the promoter knows it; run with
 * {@code -Dpipeline.asyncapi.write=true} to rewrite it.
 */
class LiveStatsContractTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path root = AsyncApi.root();

	private final Path file = this.root.resolve(AsyncApi.FOLDER)
		.resolve(AsyncApi.SCHEMAS)
		.resolve(AsyncApi.LIVE_WINDOW + ".json");

	@Test
	void theCheckedInLiveWindowSchemaIsWhatTheRecordGenerates() throws Exception {
		String schema = AsyncApi.write(schema());
		if (Boolean.getBoolean("pipeline.asyncapi.write")) {
			Files.writeString(this.file, schema);
		}
		assertThat(this.file).as("regenerate with -Dpipeline.asyncapi.write=true").exists();
		assertThat(Files.readString(this.file))
			.as("docs/asyncapi/schemas/LiveWindow.json drifted from LiveWindow; "
					+ "regenerate it with -Dtest=LiveStatsContractTests -Dpipeline.asyncapi.write=true")
			.isEqualTo(schema);
	}

	@Test
	void aPublishedWindowIsValidAgainstItsSchema() {
		LiveStats stats = LiveStats.answered(false, 1.8).plus(LiveStats.answered(true, 240.0));
		LiveWindow window = new LiveWindow(new LiveKey("iris-classifier", "4", LiveKey.CHAMPION),
				Instant.parse("2026-11-26T10:15:00Z"), Instant.parse("2026-11-26T10:16:00Z"), stats);
		byte[] written = LiveJson.strict(LiveWindow.class)
			.serializer()
			.serialize(LiveStatsTopology.LIVE_STATS_TOPIC, window);
		JsonNode published = JSON.readTree(new String(written, StandardCharsets.UTF_8));
		assertThat(SchemaValidation.errors(schema(), published)).isEmpty();
		assertThat(published.at("/stats/latency/buckets").size()).isEqualTo(2);
	}

	@Test
	void theDocumentNamesTheTopologysTopicWithThisPayload() {
		JsonNode document = JSON.readTree(AsyncApi.files(this.root).get(AsyncApi.DOCUMENT));
		JsonNode channel = document.at("/channels/" + AsyncApi.id(LiveStatsTopology.LIVE_STATS_TOPIC));
		assertThat(channel.at("/address").asString()).isEqualTo(LiveStatsTopology.LIVE_STATS_TOPIC);
		assertThat(document.at("/components/messages/" + AsyncApi.LIVE_WINDOW + "/payload/$ref").asString())
			.isEqualTo("./" + AsyncApi.SCHEMAS + "/" + AsyncApi.LIVE_WINDOW + ".json");
	}

	private static ObjectNode schema() {
		return JsonSchemas.of(LiveWindow.class, "The value of a record on '" + LiveStatsTopology.LIVE_STATS_TOPIC
				+ "': one window of live stats, as the promoter's topology writes it (EventJson).");
	}

}
