package dev.mlpipeline.kafka.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.serde.EventJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps every released version's payloads readable: the fixtures of
 * {@code src/test/resources/compatibility/<version>/} (one payload per event type, and
 * the schemas of that version beside them) deserialize into today's records and keep
 * their fields, and today's schemas take everything the old ones did.
 * {@code -Dpipeline.compatibility.snapshot=true} writes the project version's fixtures
 * and schemas, once, at a release.
 */
class CompatibilityTests {

	private static final JsonMapper JSON = EventJson.mapper();

	private final Path root = AsyncApi.root();

	private final Path folder = this.root.resolve("kafka-config/src/test/resources/compatibility");

	@TestFactory
	Stream<DynamicTest> everyOldFixtureDeserializesIntoTodaysRecordAndKeepsItsFields() {
		return fixtures().map((fixture) -> DynamicTest.dynamicTest(name(fixture), () -> {
			TopicSpec<?> spec = spec(event(fixture)).orElseThrow(() -> new AssertionError(
					event(fixture) + " of " + version(fixture) + " is no event type any more"));
			JsonNode old = JSON.readTree(ContractFiles.read(fixture));
			Object event = JSON.treeToValue(old, spec.payloadType());
			assertThat(lost(old, JSON.valueToTree(event), event(fixture))).as("fields lost reading " + name(fixture))
				.isEmpty();
			assertThat(SchemaValidation.errors(AsyncApi.schema(spec), old))
				.as(name(fixture) + " against today's schema")
				.isEmpty();
			assertThat(SchemaValidation.errors(JSON.readTree(ContractFiles.read(schemaOf(fixture))), old))
				.as(name(fixture) + " against its own version's schema")
				.isEmpty();
		}));
	}

	@TestFactory
	Stream<DynamicTest> todaysSchemasTakeEveryReleasedVersionsPayloads() {
		return versions().flatMap((version) -> files(version.resolve("schemas"))
			.map((schema) -> DynamicTest.dynamicTest(version.getFileName() + "/schemas/" + schema.getFileName(), () -> {
				String event = event(schema);
				TopicSpec<?> spec = spec(event)
					.orElseThrow(() -> new AssertionError("event type " + event + " was removed"));
				assertThat(SchemaCompatibility.problems(event, JSON.readTree(ContractFiles.read(schema)),
						AsyncApi.schema(spec)))
					.as("incompatible changes since " + version.getFileName())
					.isEmpty();
			})));
	}

	@Test
	void everyReleasedVersionHasOneFixturePerEventTypeOfItsSchemas() {
		List<Path> versions = versions().toList();
		assertThat(versions).isNotEmpty();
		for (Path version : versions) {
			assertThat(names(files(version))).as(version.getFileName().toString())
				.isEqualTo(names(files(version.resolve("schemas"))))
				.isNotEmpty();
		}
	}

	@Test
	void theReleaseFixturesAreOneValidEventOfEveryType() throws IOException {
		List<Record> events = ReleaseFixtures.all();
		assertThat(events.stream().<Class<?>>map(Object::getClass).toList())
			.containsExactlyElementsOf(Topics.all().stream().map(TopicSpec::payloadType).toList());
		for (TopicSpec<?> spec : Topics.all()) {
			Record event = events.get(Topics.all().indexOf(spec));
			assertThat(SchemaValidation.errors(AsyncApi.schema(spec), JSON.valueToTree(event))).as(spec.name())
				.isEmpty();
		}
		if (Boolean.getBoolean("pipeline.compatibility.snapshot")) {
			snapshot(events);
		}
	}

	/**
	 * Writes the fixtures of the project version; a released version's are never
	 * rewritten.
	 */
	private void snapshot(List<Record> events) throws IOException {
		Path version = this.folder.resolve(AsyncApi.projectVersion(this.root));
		if (Files.exists(version)) {
			throw new IllegalStateException(version + " exists: a released version's fixtures are never rewritten");
		}
		Files.createDirectories(version.resolve("schemas"));
		for (TopicSpec<?> spec : Topics.all()) {
			String name = spec.payloadType().getSimpleName() + ".json";
			Files.writeString(version.resolve(name),
					AsyncApi.write(JSON.valueToTree(events.get(Topics.all().indexOf(spec)))));
			Files.writeString(version.resolve("schemas").resolve(name), AsyncApi.write(AsyncApi.schema(spec)));
		}
	}

	/** The fields of an old payload that today's record dropped or read differently. */
	static List<String> lost(JsonNode old, JsonNode read, String path) {
		List<String> lost = new ArrayList<>();
		if (old.isObject()) {
			for (Map.Entry<String, JsonNode> field : old.properties()) {
				JsonNode now = read.get(field.getKey());
				if (now == null) {
					lost.add(path + "." + field.getKey() + " is dropped");
				}
				else {
					lost.addAll(lost(field.getValue(), now, path + "." + field.getKey()));
				}
			}
		}
		else if (old.isArray() && read.isArray() && old.size() == read.size()) {
			for (int index = 0; index < old.size(); index++) {
				lost.addAll(lost(old.get(index), read.get(index), path + "[" + index + "]"));
			}
		}
		else if (!(old.isNumber() && read.isNumber() && old.decimalValue().compareTo(read.decimalValue()) == 0)
				&& !old.equals(read)) {
			lost.add(path + " was " + old + ", reads as " + read);
		}
		return lost;
	}

	private Stream<Path> versions() {
		try {
			return Files.list(this.folder).filter(Files::isDirectory).sorted();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private Stream<Path> fixtures() {
		return versions().flatMap(CompatibilityTests::files);
	}

	private static Stream<Path> files(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList().stream();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Set<String> names(Stream<Path> files) {
		return files.map((file) -> file.getFileName().toString())
			.collect(java.util.stream.Collectors.toCollection(TreeSet::new));
	}

	private static Optional<TopicSpec<?>> spec(String event) {
		return Topics.all().stream().filter((spec) -> spec.payloadType().getSimpleName().equals(event)).findFirst();
	}

	private static String event(Path file) {
		String name = file.getFileName().toString();
		return name.substring(0, name.length() - ".json".length());
	}

	private static String version(Path fixture) {
		return fixture.getParent().getFileName().toString();
	}

	private static String name(Path fixture) {
		return version(fixture) + "/" + fixture.getFileName();
	}

	private static Path schemaOf(Path fixture) {
		return fixture.getParent().resolve("schemas").resolve(fixture.getFileName());
	}

}
