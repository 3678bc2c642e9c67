package dev.mlpipeline.trainer.job;

/**
 * A job id already used by a job with a different body: refused with {@code 409} rather
 * than reporting the old job's outcome as the new one's.
 */
class JobConflictException extends RuntimeException {

	private final JobStatus existing;

	JobConflictException(JobStatus existing) {
		super("job id '" + existing.jobId() + "' is already used by a different job (run " + existing.runId()
				+ "); publish this job under a new id");
		this.existing = existing;
	}

	JobStatus existing() {
		return this.existing;
	}

}
