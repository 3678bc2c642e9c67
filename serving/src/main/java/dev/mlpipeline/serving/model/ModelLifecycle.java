package dev.mlpipeline.serving.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mlpipeline.mlflow.MlflowException;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.serving.ServingProperties;
import dev.mlpipeline.serving.model.ModelLoadException.Kind;
import dev.mlpipeline.serving.rollout.Rollout;

/**
 * Keeps one served model equal to the registry's production version: loads it at start,
 * re-reads the registry on every promotion event and on a timer, and swaps only to a
 * version that loaded cleanly. When nothing is served and the champion cannot be loaded
 * for a reason other than MLflow being away, it serves the previous champion meanwhile.
 * Every load of the model runs on its own loader thread, so triggers arriving together
 * are serialized and never interleave, and a slow model never holds up another.
 */
class ModelLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ModelLifecycle.class);

	private final ModelRegistry registry;

	private final ModelLoader loader;

	private final ActiveModel active;

	private final ModelMetrics metrics;

	private final ServingProperties properties;

	private final String modelName;

	private volatile ScheduledExecutorService executor;

	private final ObservationRegistry observations;

	/** Takes a promotion event's trace to the loader thread, so the swap joins it. */
	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	// the fields below are only touched on the loader thread

	private Target failedTarget;

	private int failedAttempts;

	private int transientFailures;

	private ScheduledFuture<?> retry;

	ModelLifecycle(ModelRegistry registry, ModelLoader loader, ActiveModel active, ModelMetrics metrics,
			ServingProperties properties, ObservationRegistry observations) {
		this.observations = observations;
		this.registry = registry;
		this.loader = loader;
		this.active = active;
		this.metrics = metrics;
		this.properties = properties;
		this.modelName = active.name();
	}

	void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "model-loader-" + this.modelName);
			thread.setDaemon(true);
			return thread;
		});
		this.executor = executor;
		executor.execute(() -> sync(LoadReason.STARTUP));
		long interval = this.properties.reconcileInterval().toMillis();
		executor.scheduleWithFixedDelay(() -> sync(LoadReason.RECONCILE), interval, interval, TimeUnit.MILLISECONDS);
	}

	void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * Asks for a re-read of the registry, and a swap if production moved; returns at
	 * once.
	 * @param reason what prompted it
	 */
	void request(LoadReason reason) {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			return;
		}
		try {
			executor.execute(this.snapshots.captureAll().wrap(() -> sync(reason)));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Ignoring a {} sync requested while shutting down", reason.label());
		}
	}

	private void sync(LoadReason reason) {
		try {
			syncWithRegistry(reason);
		}
		catch (RuntimeException ex) {
			logger.error("Model sync ({}) failed unexpectedly", reason.label(), ex);
			this.metrics.synced(reason, "error");
		}
		try {
			syncChallenger(reason);
		}
		catch (RuntimeException ex) {
			logger.error("Challenger sync ({}) of {} failed unexpectedly", reason.label(), this.modelName, ex);
		}
	}

	/**
	 * Keeps the challenger equal to the version behind the challenger alias, with the
	 * rollout its tag says; loaded through the same verified path as the champion and
	 * never touching it: a challenger that cannot be read, has no valid rollout, cannot
	 * take the champion's requests or fails to load is not served, and says why.
	 */
	private void syncChallenger(LoadReason reason) {
		Optional<ModelVersion> named;
		try {
			named = this.registry.findVersionByAlias(this.modelName, this.properties.challenger().alias());
		}
		catch (MlflowException ex) {
			logger.warn("Cannot read the challenger of {} from the registry: {}", this.modelName, ex.getMessage());
			return;
		}
		LoadedModel champion = this.active.get();
		Optional<Challenger> current = this.active.challenger();
		if (named.isEmpty() || champion == null || named.get().version().equals(champion.version())) {
			current.ifPresent((dropped) -> {
				this.active.dropChallenger();
				logger.info("Challenger {} version {} of {} dropped ({})", dropped.rollout(), dropped.model().version(),
						this.modelName, named.isEmpty() ? "no version has the alias" : "it is the champion now");
			});
			return;
		}
		ModelVersion target = named.get();
		Rollout rollout;
		try {
			rollout = Rollout.parse(target.tags().get(Rollout.TAG));
		}
		catch (IllegalArgumentException ex) {
			challengerFailed(target, "rollout", ex.getMessage());
			return;
		}
		if (current.isPresent() && current.get().model().version().equals(target.version())) {
			if (!current.get().rollout().equals(rollout)) {
				this.active.swapChallenger(new Challenger(current.get().model(), rollout));
				logger.info("Challenger version {} of {} now {}", target.version(), this.modelName, rollout);
			}
			return;
		}
		try {
			LoadedModel next = this.loader.load(target, reason);
			if (!next.schema().compatibleWith(champion.schema())) {
				throw new ModelLoadException(Kind.SCHEMA, "the feature schema of challenger version " + target.version()
						+ " is incompatible with that of champion version " + champion.version());
			}
			this.active.swapChallenger(new Challenger(next, rollout));
			logger.info("Challenger of {}: version {} as {} beside champion version {} ({})", this.modelName,
					target.version(), rollout, champion.version(), reason.label());
		}
		catch (ModelLoadException ex) {
			challengerFailed(target, ex.kind().label(), ex.getMessage());
		}
	}

	private void challengerFailed(ModelVersion target, String kind, String message) {
		this.active.dropChallenger();
		this.active.challengerFailed(new LoadFailure(target.version(), kind, message, 1, true, Instant.now()));
		this.metrics.challengerFailed(kind);
		logger.warn("Challenger version {} of {} not served ({}): {}; the champion is unaffected", target.version(),
				this.modelName, kind, message);
	}

	private void syncWithRegistry(LoadReason reason) {
		Optional<ModelVersion> production;
		try {
			production = resolveProduction();
		}
		catch (MlflowException ex) {
			this.transientFailures++;
			this.active.waitingFor("the model registry cannot be read: " + ex.getMessage());
			logger.warn("Cannot read the production version of {} from the registry: {}", this.modelName,
					ex.getMessage());
			scheduleRetry(reason, this.transientFailures);
			this.metrics.synced(reason, "registry-unavailable");
			return;
		}
		if (production.isEmpty()) {
			this.active.waitingFor("no version of " + this.modelName + " has alias '" + this.properties.alias()
					+ "' or stage '" + this.properties.stage() + "' in the registry");
			if (this.active.get() == null) {
				scheduleRetry(reason, ++this.transientFailures);
			}
			this.metrics.synced(reason, "none");
			return;
		}
		ModelVersion target = production.get();
		LoadedModel current = this.active.get();
		if (current != null && current.version().equals(target.version())) {
			// a stale or duplicate event, or nothing changed since the last reconcile
			if (this.active.fallback().isPresent()) {
				this.active.championServed();
				logger.info("The champion of {} is now version {}, the fallback being served", target.name(),
						target.version());
			}
			this.failedTarget = null;
			this.failedAttempts = 0;
			this.transientFailures = 0;
			cancelRetry();
			this.metrics.synced(reason, "unchanged");
			return;
		}
		Target key = Target.of(target);
		boolean retryPending = this.retry != null && !this.retry.isDone();
		// the champion is given up only while a champion serves; without one (nothing,
		// or a fallback, served) every reconcile tries it again
		boolean championServed = current != null && this.active.fallback().isEmpty();
		if (championServed && key.equals(this.failedTarget)
				&& this.failedAttempts >= this.properties.loadRetry().maxAttempts() && !retryPending) {
			this.metrics.synced(reason, "given-up");
			return;
		}
		load(target, key, current, reason);
	}

	private Optional<ModelVersion> resolveProduction() {
		Optional<ModelVersion> byAlias = this.registry.findVersionByAlias(this.modelName, this.properties.alias());
		return byAlias.isPresent() ? byAlias : this.registry.findLatestInStage(this.modelName, this.properties.stage());
	}

	private void load(ModelVersion target, Target key, LoadedModel current, LoadReason reason) {
		Observation swap = Observation.createNotStarted("pipeline.serving.swap", this.observations)
			.lowCardinalityKeyValue("pipeline.model", target.name())
			.lowCardinalityKeyValue("pipeline.load.reason", reason.label())
			.highCardinalityKeyValue("pipeline.model.version", target.version())
			.highCardinalityKeyValue("pipeline.model.previous-version", (current != null) ? current.version() : "none")
			.start();
		try (Observation.Scope scope = swap.openScope()) {
			swap.lowCardinalityKeyValue("outcome", loadAndSwap(target, key, current, reason) ? "swapped" : "failed");
		}
		catch (RuntimeException ex) {
			swap.lowCardinalityKeyValue("outcome", "error");
			swap.error(ex);
			throw ex;
		}
		finally {
			swap.stop();
		}
	}

	private boolean loadAndSwap(ModelVersion target, Target key, LoadedModel current, LoadReason reason) {
		long start = System.nanoTime();
		if (current == null) {
			this.active.waitingFor("loading version " + target.version() + " of " + target.name());
		}
		Optional<Fallback> fallback = this.active.fallback();
		try {
			LoadedModel next = this.loader.load(target, reason);
			// a fallback stands in for the champion and may not veto it by its schema
			if (current != null && fallback.isEmpty() && !this.properties.allowSchemaChange()
					&& !next.schema().compatibleWith(current.schema())) {
				throw new ModelLoadException(Kind.SCHEMA, "the feature schema of version " + target.version()
						+ " is incompatible with that of version " + current.version() + " being served");
			}
			this.active.swap(next);
			this.metrics.swapped(Duration.ofNanos(System.nanoTime() - start));
			this.failedTarget = null;
			this.failedAttempts = 0;
			this.transientFailures = 0;
			cancelRetry();
			this.metrics.synced(reason, "swapped");
			logger.info("Serving {} version {} (was {}{}, {})", target.name(), target.version(),
					(current != null) ? current.version() : "none", fallback.isPresent() ? ", the fallback for it" : "",
					reason.label());
			return true;
		}
		catch (ModelLoadException ex) {
			failed(target, key, current, reason, ex);
			return false;
		}
	}

	private void failed(ModelVersion target, Target key, LoadedModel current, LoadReason reason,
			ModelLoadException ex) {
		int attempts;
		boolean retrying;
		if (ex.kind().isTransient()) {
			attempts = ++this.transientFailures;
			retrying = true;
		}
		else {
			if (!key.equals(this.failedTarget)) {
				this.failedTarget = key;
				this.failedAttempts = 0;
			}
			attempts = ++this.failedAttempts;
			retrying = attempts < this.properties.loadRetry().maxAttempts();
		}
		if (retrying) {
			scheduleRetry(reason, attempts);
		}
		this.metrics.failed(ex.kind().label());
		this.metrics.synced(reason, "failed");
		this.active.failed(new LoadFailure(target.version(), ex.kind().label(), ex.getMessage(), attempts, retrying,
				Instant.now()));
		if (current == null) {
			this.active.waitingFor("version " + target.version() + " of " + target.name() + " could not be loaded");
		}
		logger.warn("Failed to load {} version {} (attempt {}, {}{}), {}: {}", target.name(), target.version(),
				attempts, ex.kind().label(), retrying ? ", will retry" : ", giving up",
				(current != null) ? "still serving version " + current.version() : "no model served", ex.getMessage());
		if (ex.kind().isTransient()) {
			// MLflow being away says nothing against the champion: wait for it
			return;
		}
		if (current == null) {
			fallBack(target, ex, reason);
		}
		else {
			this.active.fallback()
				.ifPresent((fallback) -> this.active
					.fallbackChanged(fallback.championFailed(target.version(), ex.kind().label(), ex.getMessage())));
		}
	}

	/**
	 * Serves the version behind the previous-champion alias when nothing is served and
	 * the champion failed for a reason retrying soon will not cure; the champion keeps
	 * being tried on the retry and reconcile schedule.
	 */
	private void fallBack(ModelVersion champion, ModelLoadException failure, LoadReason reason) {
		String alias = this.properties.previousAlias();
		String cannot = "version " + champion.version() + " of " + champion.name() + " could not be loaded ("
				+ failure.kind().label() + ")";
		Optional<ModelVersion> previous;
		try {
			previous = this.registry.findVersionByAlias(champion.name(), alias);
		}
		catch (MlflowException ex) {
			this.active.waitingFor(cannot + " and the alias '" + alias + "' cannot be read: " + ex.getMessage());
			return;
		}
		if (previous.isEmpty() || previous.get().version().equals(champion.version())) {
			this.active.waitingFor(cannot + " and no version has alias '" + alias + "' to fall back to");
			logger.warn("No fallback for {}: no other version has alias '{}'", champion.name(), alias);
			return;
		}
		ModelVersion stand = previous.get();
		long start = System.nanoTime();
		try {
			LoadedModel next = this.loader.load(stand, reason);
			Fallback fallback = new Fallback(alias, stand.version(), champion.version(), failure.kind().label(),
					failure.getMessage(), Instant.now());
			this.active.swapToFallback(next, fallback);
			this.metrics.swapped(Duration.ofNanos(System.nanoTime() - start));
			this.metrics.fellBack(failure.kind().label());
			this.metrics.synced(reason, "fallback");
			logger.warn(
					"FALLBACK: serving {} version {} ('{}') because champion version {} cannot be loaded ({}: {});"
							+ " the champion is retried and served as soon as it loads",
					champion.name(), stand.version(), alias, champion.version(), failure.kind().label(),
					failure.getMessage());
		}
		catch (ModelLoadException ex) {
			this.metrics.fallbackFailed(ex.kind().label());
			this.active.waitingFor(cannot + ", nor could version " + stand.version() + " ('" + alias + "'): "
					+ ex.kind().label() + ": " + ex.getMessage());
			logger.warn("No fallback for {}: version {} ('{}') could not be loaded either ({}): {}", champion.name(),
					stand.version(), alias, ex.kind().label(), ex.getMessage());
		}
	}

	private void scheduleRetry(LoadReason reason, int attempt) {
		ScheduledExecutorService executor = this.executor;
		if (executor == null || (this.retry != null && !this.retry.isDone())) {
			return;
		}
		ServingProperties.LoadRetry settings = this.properties.loadRetry();
		long delay = settings.initialBackoff().toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
		delay = Math.min(delay, settings.maxBackoff().toMillis());
		try {
			this.retry = executor.schedule(() -> {
				// this task is the retry: a failure in it may schedule the next one
				this.retry = null;
				sync(reason);
			}, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not retrying while shutting down");
		}
	}

	private void cancelRetry() {
		if (this.retry != null) {
			this.retry.cancel(false);
			this.retry = null;
		}
	}

	/**
	 * What identifies a load attempt: a new version, or a corrected checksum or source
	 * for the same version, earns a fresh retry budget.
	 */
	private record Target(String version, String sha256, String source) {

		static Target of(ModelVersion version) {
			return new Target(version.version(), version.tags().get(ModelTags.SHA256), version.source());
		}

	}

}
