package dev.mlpipeline.promoter.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The transactional outbox of the promoter, kept where its decisions are: every event a
 * decision owes Kafka is a {@code promotion.outbox.<eventId>} tag on the decision's
 * version, written before the decision itself, and deleted once the broker acknowledged
 * the event. Nothing is lost when Kafka is down, and nothing needs a store of its own.
 */
@Component
public class Outbox {

	private static final Logger logger = LoggerFactory.getLogger(Outbox.class);

	private final ModelRegistry registry;

	private final Clock clock;

	Outbox(ModelRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	/**
	 * Writes the events a decision owes, in their order, on the decision's version.
	 * Rewriting an event with the same id replaces its entry.
	 * @param model the registered model
	 * @param version the version the decision is about
	 * @param decisionId the decision
	 * @param events the events, in the order they must be published
	 */
	public void enqueue(String model, String version, String decisionId, List<OutboxEvent> events) {
		Instant now = this.clock.instant();
		for (int i = 0; i < events.size(); i++) {
			OutboxEntry entry = OutboxEnvelope.entry(events.get(i), version, decisionId, now, i);
			this.registry.setModelVersionTag(model, version, OutboxEnvelope.tagKey(entry.eventId()),
					OutboxEnvelope.encode(entry));
		}
	}

	/**
	 * The entries of a model still waiting for the broker, read from the registry.
	 * @param model the registered model
	 * @return the entries, oldest first
	 */
	public List<OutboxEntry> pending(String model) {
		List<OutboxEntry> entries = new ArrayList<>();
		for (ModelVersion version : this.registry.searchModelVersions(model)) {
			entries.addAll(pending(version));
		}
		entries.sort(OutboxEntry.OLDEST_FIRST);
		return entries;
	}

	/**
	 * The entries one version holds.
	 * @param version the version, with its tags
	 * @return the entries, oldest first
	 */
	public List<OutboxEntry> pending(ModelVersion version) {
		List<OutboxEntry> entries = new ArrayList<>();
		version.tags().forEach((key, value) -> {
			if (key.startsWith(OutboxEnvelope.PREFIX)) {
				OutboxEnvelope.decode(value)
					.filter((entry) -> entry.version().equals(version.version()) && entry.key().equals(version.name()))
					.ifPresentOrElse(entries::add,
							() -> logger.warn("Skipping an unreadable outbox tag {} on model {} version {}", key,
									version.name(), version.version()));
			}
		});
		entries.sort(OutboxEntry.OLDEST_FIRST);
		return entries;
	}

	/**
	 * Removes an entry whose event the broker acknowledged.
	 * @param entry the entry
	 */
	public void remove(OutboxEntry entry) {
		this.registry.deleteModelVersionTag(entry.model(), entry.version(), OutboxEnvelope.tagKey(entry.eventId()));
	}

	/**
	 * Every registered model, for the relay's scan.
	 * @return the model names
	 */
	List<String> models() {
		return this.registry.searchRegisteredModelNames();
	}

}
