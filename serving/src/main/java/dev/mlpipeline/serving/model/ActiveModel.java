package dev.mlpipeline.serving.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

/**
 * The model being served, swapped atomically: a request reads it once and finishes on
 * that model even if a swap happens meanwhile; also keeps the truth about why no model,
 * or not the latest one, is served.
 */
@Component
public class ActiveModel {

	private final AtomicReference<LoadedModel> current = new AtomicReference<>();

	private final AtomicReference<LoadFailure> lastFailure = new AtomicReference<>();

	private final AtomicReference<String> waitingFor = new AtomicReference<>("the first model load has not finished");

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

	LoadedModel swap(LoadedModel next) {
		LoadedModel previous = this.current.getAndSet(next);
		this.lastFailure.set(null);
		return previous;
	}

	void failed(LoadFailure failure) {
		this.lastFailure.set(failure);
	}

	void waitingFor(String reason) {
		this.waitingFor.set(reason);
	}

}
