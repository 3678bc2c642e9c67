package dev.mlpipeline.serving.model;

import java.util.Locale;

/**
 * Why a model was loaded, shown on {@code /model} so an operator can tell a promotion
 * from a restart or a catch-up with the registry.
 */
public enum LoadReason {

	/** The first load after the service started. */
	STARTUP,

	/** A {@code ModelPromoted} event for the served model. */
	EVENT,

	/** The periodic re-read of the registry (a promotion made outside the pipeline). */
	RECONCILE;

	/**
	 * The lower-case name used in JSON answers.
	 * @return e.g. {@code startup}
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
