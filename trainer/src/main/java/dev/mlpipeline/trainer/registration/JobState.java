package dev.mlpipeline.trainer.registration;

import dev.mlpipeline.mlflow.Run;

/**
 * Where a job stands, read from its MLflow runs.
 *
 * @param phase the job's phase
 * @param run the run that decided the phase, {@code null} while QUEUED
 */
public record JobState(Phase phase, Run run) {

	/** The phases a job goes through. */
	public enum Phase {

		/**
		 * Published, no attempt recorded yet (or only abandoned ones, awaiting a retry).
		 */
		QUEUED,
		/** An attempt is training or registering. */
		RUNNING,
		/** A version was registered. */
		REGISTERED,
		/** The job failed for good. */
		FAILED

	}

}
