package dev.mlpipeline.promoter.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.FileSystemUtils;

/**
 * Runs the live stats topology in this promoter as one instance of the Kafka Streams
 * application, and answers queries of its stats store once it runs. Started after the
 * context (and its topics) are ready, stopped before it closes.
 */
public class LiveStatsStreams implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(LiveStatsStreams.class);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private final Topology topology;

	private final Map<String, Object> configs;

	private final LiveProperties properties;

	private final MeterRegistry meters;

	private volatile KafkaStreams streams;

	private volatile KafkaStreamsMetrics metrics;

	// a state directory this instance made for itself, removed when it stops
	private volatile Path temporaryStateDir;

	/**
	 * The topology's runner.
	 * @param topology the topology
	 * @param configs the client configs (bootstrap servers, security, signing) the app's
	 * other clients use
	 * @param properties the live settings
	 * @param meters where the topology's Kafka Streams metrics are exported (its own
	 * counts of refused and expired records among them)
	 */
	LiveStatsStreams(Topology topology, Map<String, Object> configs, LiveProperties properties, MeterRegistry meters) {
		this.topology = topology;
		this.configs = configs;
		this.properties = properties;
		this.meters = meters;
	}

	@Override
	public void start() {
		Properties streamsConfigs = new Properties();
		streamsConfigs.putAll(this.configs);
		streamsConfigs.put(StreamsConfig.APPLICATION_ID_CONFIG, this.properties.applicationId());
		streamsConfigs.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, this.properties.processingGuarantee());
		streamsConfigs.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
		streamsConfigs.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
		streamsConfigs.put(BoundedRocksDb.MEMORY_CONFIG, this.properties.rocksdbMemory().toBytes());
		KafkaStreams started = new KafkaStreams(this.topology, streamsConfigs);
		started.setUncaughtExceptionHandler((failure) -> {
			logger.error("The live stats topology failed; its thread is replaced", failure);
			return StreamThreadExceptionResponse.REPLACE_THREAD;
		});
		bindMetrics(started);
		// the topology's own sensors exist once its tasks are set up: bind again then,
		// rather than at the binder's next refresh, a minute later
		started.setStateListener((now, before) -> {
			if (now == KafkaStreams.State.RUNNING) {
				bindMetrics(started);
			}
		});
		started.start();
		this.streams = started;
		logger.info("Live stats: Kafka Streams application '{}' started ({}), state in {}",
				this.properties.applicationId(), this.properties.processingGuarantee(),
				streamsConfigs.get(StreamsConfig.STATE_DIR_CONFIG));
	}

	@Override
	public void stop() {
		KafkaStreams running = this.streams;
		this.streams = null;
		if (running != null) {
			running.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
		}
		bindMetrics(null);
		Path temporary = this.temporaryStateDir;
		this.temporaryStateDir = null;
		if (temporary != null) {
			try {
				FileSystemUtils.deleteRecursively(temporary);
			}
			catch (IOException ex) {
				logger.warn("Could not remove the live stats' temporary state in {}: {}", temporary, ex.getMessage());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.streams != null;
	}

	/**
	 * Every model's live stats, whichever instance counted them (the global store of the
	 * windows the topology publishes), once the topology runs.
	 * @return a query of them, or empty while the topology starts, rebalances or restores
	 */
	public Optional<LiveStatsQuery> query() {
		KafkaStreams running = this.streams;
		if (running == null || running.state() != KafkaStreams.State.RUNNING) {
			return Optional.empty();
		}
		try {
			ReadOnlyKeyValueStore<String, LiveWindow> store = running.store(StoreQueryParameters.fromNameAndType(
					LiveStatsTopology.ALL_WINDOWS_STORE, QueryableStoreTypes.<String, LiveWindow>keyValueStore()));
			return Optional.of(LiveStatsQuery.ofAllWindows(store));
		}
		catch (InvalidStateStoreException ex) {
			return Optional.empty();
		}
	}

	/**
	 * What the topology's Kafka Streams instance is doing.
	 * @return its state, {@code NOT_RUNNING} when stopped
	 */
	String state() {
		KafkaStreams running = this.streams;
		return (running != null) ? running.state().name() : KafkaStreams.State.NOT_RUNNING.name();
	}

	private synchronized void bindMetrics(KafkaStreams streams) {
		if (this.metrics != null) {
			this.metrics.close();
			this.metrics = null;
		}
		if (streams != null) {
			this.metrics = new KafkaStreamsMetrics(streams);
			this.metrics.bindTo(this.meters);
		}
	}

	private String stateDir() {
		if (this.properties.stateDir() != null && !this.properties.stateDir().isBlank()) {
			return this.properties.stateDir();
		}
		try {
			this.temporaryStateDir = Files.createTempDirectory("promoter-live-");
			return this.temporaryStateDir.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No temporary directory for the live stats' state", ex);
		}
	}

}
