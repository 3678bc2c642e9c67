package dev.mlpipeline.serving.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One registered model being served, swapped atomically: a request reads it once and
 * finishes on that model even if a swap happens meanwhile; also keeps the truth about why
 * no model, or not the latest one, or a fallback for the champion, is served.
 */
public class ActiveModel {

	private final String name;

	private final AtomicReference<LoadedModel> current = new AtomicReference<>();

	private final AtomicReference<LoadFailure> lastFailure = new AtomicReference<>();

	private final AtomicReference<Fallback> fallback = new AtomicReference<>();

	private final AtomicReference<String> waitingFor = new AtomicReference<>("the first model load has not finished");

	private final AtomicReference<Challenger> challenger = new AtomicReference<>();

	private final AtomicReference<LoadFailure> challengerFailure = new AtomicReference<>();

	ActiveModel(String name) {
		this.name = name;
	}

	/**
	 * The registered model this serves.
	 * @return its name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The model to use for one request.
	 * @return the model, or {@code null} while none is loaded
	 */
	public LoadedModel get() {
		return this.current.get();
	}

	public Optional<LoadedModel> current() {
		return Optional.ofNullable(this.current.get());
	}

	public Optional<LoadFailure> lastFailure() {
		return Optional.ofNullable(this.lastFailure.get());
	}

	/**
	 * Why the model served is not the registry's champion.
	 * @return the fallback, or empty while the champion (or nothing) is served
	 */
	public Optional<Fallback> fallback() {
		Fallback fallback = this.fallback.get();
		LoadedModel model = this.current.get();
		return (fallback != null && model != null && fallback.version().equals(model.version())) ? Optional.of(fallback)
				: Optional.empty();
	}

	/**
	 * Why no model is served, for {@code /health}.
	 * @return the reason, or empty while a model is loaded
	 */
	public Optional<String> unavailableReason() {
		if (this.current.get() != null) {
			return Optional.empty();
		}
		LoadFailure failure = this.lastFailure.get();
		String reason = this.waitingFor.get();
		return Optional.of((failure != null) ? reason + "; last load error: " + failure.message() : reason);
	}

	/**
	 * The challenger beside the champion, read once per request like the champion.
	 * @return the challenger, empty when the registry names none or it is not loaded
	 */
	public Optional<Challenger> challenger() {
		return Optional.ofNullable(this.challenger.get());
	}

	/**
	 * Why the challenger the registry names is not served beside the champion.
	 * @return the last failure, empty while none
	 */
	public Optional<LoadFailure> challengerFailure() {
		return Optional.ofNullable(this.challengerFailure.get());
	}

	/**
	 * Whether a version answers for this model now, as the served model (champion or
	 * fallback) or as the challenger.
	 * @param version the version
	 * @return {@code true} while it does
	 */
	public boolean serves(String version) {
		LoadedModel model = this.current.get();
		Challenger challenger = this.challenger.get();
		return (model != null && model.version().equals(version))
				|| (challenger != null && challenger.model().version().equals(version));
	}

	Challenger swapChallenger(Challenger next) {
		this.challengerFailure.set(null);
		return this.challenger.getAndSet(next);
	}

	Challenger dropChallenger() {
		return this.challenger.getAndSet(null);
	}

	void challengerFailed(LoadFailure failure) {
		this.challengerFailure.set(failure);
	}

	LoadedModel swap(LoadedModel next) {
		this.fallback.set(null);
		LoadedModel previous = this.current.getAndSet(next);
		this.lastFailure.set(null);
		return previous;
	}

	/**
	 * Serves a stand-in for a champion that cannot be loaded, keeping the champion's
	 * failure as the last load error.
	 */
	LoadedModel swapToFallback(LoadedModel next, Fallback fallback) {
		this.fallback.set(fallback);
		return this.current.getAndSet(next);
	}

	void fallbackChanged(Fallback fallback) {
		this.fallback.set(fallback);
	}

	/** The served version became the champion itself. */
	void championServed() {
		this.fallback.set(null);
		this.lastFailure.set(null);
	}

	void failed(LoadFailure failure) {
		this.lastFailure.set(failure);
	}

	void waitingFor(String reason) {
		this.waitingFor.set(reason);
	}

}
