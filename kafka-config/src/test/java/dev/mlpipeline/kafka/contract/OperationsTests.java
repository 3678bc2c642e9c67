package dev.mlpipeline.kafka.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.contract.AsyncApi.Action;
import dev.mlpipeline.kafka.contract.AsyncApi.Operation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the document's operations (who sends and receives what) what the apps' sources
 * do.
 */
class OperationsTests {

	private final Path root = AsyncApi.root();

	@ParameterizedTest
	@ValueSource(strings = { "trainer", "promoter", "serving" })
	void theAppSendsAndReceivesExactlyTheTopicsTheDocumentSays(String app) {
		AppSources sources = AppSources.of(this.root, app);
		assertThat(sources.topics(Action.RECEIVE)).as("topics %s receives from", app)
			.isEqualTo(declared(app, Action.RECEIVE));
		assertThat(sources.topics(Action.SEND)).as("topics %s sends to", app).isEqualTo(declared(app, Action.SEND));
	}

	@Test
	void everyCatalogueTopicHasASenderAndAReceiver() {
		Set<String> sent = AsyncApi.OPERATIONS.stream()
			.filter((operation) -> operation.action() == Action.SEND)
			.map(Operation::topic)
			.collect(Collectors.toSet());
		Set<String> received = AsyncApi.OPERATIONS.stream()
			.filter((operation) -> operation.action() == Action.RECEIVE)
			.map(Operation::topic)
			.collect(Collectors.toSet());
		List<String> topics = Topics.all().stream().map((spec) -> spec.name()).toList();
		assertThat(sent).containsAll(topics);
		assertThat(received).containsAll(topics);
	}

	@Test
	void theScanSeesAListenerASendAndAnOutboxEntry(@org.junit.jupiter.api.io.TempDir Path fake) throws Exception {
		Path sources = fake.resolve("app/src/main/java/example");
		java.nio.file.Files.createDirectories(sources);
		java.nio.file.Files.writeString(sources.resolve("Example.java"), """
				class Example {
					@KafkaListener(id = "x", topics = { Topics.MODEL_REGISTERED, Topics.PROMOTION_COMMANDS })
					void on(Object event) {
						this.kafka.send(Topics.FEEDBACK, key, event);
						events.add(new OutboxEvent(event.eventId(), Topics.MODEL_PROMOTED, key, event));
					}
				}
				""");
		AppSources scanned = AppSources.of(fake, "app");
		assertThat(scanned.topics(Action.RECEIVE)).containsExactly(Topics.MODEL_REGISTERED, Topics.PROMOTION_COMMANDS);
		assertThat(scanned.topics(Action.SEND)).containsExactly(Topics.FEEDBACK, Topics.MODEL_PROMOTED);
	}

	private static Set<String> declared(String app, Action action) {
		return AsyncApi.OPERATIONS.stream()
			.filter((operation) -> operation.app().equals(app) && operation.action() == action)
			.map(Operation::topic)
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
