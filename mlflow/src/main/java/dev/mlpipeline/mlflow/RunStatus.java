package dev.mlpipeline.mlflow;

/**
 * The lifecycle states of an MLflow run, spelled as on the wire.
 */
public enum RunStatus {

	/** The run is in progress. */
	RUNNING,
	/** The run is queued. */
	SCHEDULED,
	/** The run completed. */
	FINISHED,
	/** The run failed. */
	FAILED,
	/** The run was killed. */
	KILLED

}
