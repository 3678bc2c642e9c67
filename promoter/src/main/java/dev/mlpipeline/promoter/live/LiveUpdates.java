package dev.mlpipeline.promoter.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Which models' live stats just changed: the global store's keeper says so of every
 * window it keeps, so a page showing a model's live stats can read them again when, and
 * only when, there is something new. Best effort: a subscriber too slow to take a model
 * name misses it, and the next window of that model tells it again.
 */
public final class LiveUpdates {

	private final Sinks.Many<String> models = Sinks.many().multicast().directBestEffort();

	void windowKept(LiveKey key) {
		this.models.tryEmitNext(key.model());
	}

	/**
	 * The models whose live stats changed, as they change, from the moment of
	 * subscription.
	 * @return the model names, one per window kept (repeated)
	 */
	public Flux<String> models() {
		return this.models.asFlux();
	}

}
