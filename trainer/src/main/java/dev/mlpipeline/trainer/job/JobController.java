package dev.mlpipeline.trainer.job;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.mlflow.MlflowUnavailableException;
import dev.mlpipeline.trainer.training.InvalidJobException;
import dev.mlpipeline.trainer.training.JobValidator;

/**
 * Publishing and following training jobs over HTTP: {@code POST /jobs} validates a job
 * exactly as the Kafka listener would, refuses a job id taken by a different job, and
 * puts it on the training topic (once: the same job posted again is answered with its
 * status); {@code GET /jobs/{jobId}} reports its status from MLflow, found by its id
 * alone ({@code ?modelName=} narrows the search to one model's experiment). A job is
 * recorded as published by the signed-in user ({@code requestedBy}), whatever its body
 * says. Blocking work (loading the data set, MLflow, the Kafka acknowledgement) runs on a
 * bounded scheduler.
 */
@RestController
@Tag(name = "jobs", description = "Training jobs")
class JobController {

	private static final Logger logger = LoggerFactory.getLogger(JobController.class);

	private final JobValidator validator;

	private final JobPublisher publisher;

	private final JobStatusService statuses;

	private final Scheduler blocking;

	private final Clock clock;

	private final ObservationRegistry observations;

	JobController(JobValidator validator, JobPublisher publisher, JobStatusService statuses, Scheduler blocking,
			Clock clock, ObservationRegistry observations) {
		this.observations = observations;
		this.validator = validator;
		this.publisher = publisher;
		this.statuses = statuses;
		this.blocking = blocking;
		this.clock = clock;
	}

	/**
	 * Names the job on the {@code POST /jobs} server span, the root of the job's trace;
	 * high-cardinality only, so the request metrics keep their tags.
	 */
	private void tagRequest(TrainingRequested job) {
		Observation request = this.observations.getCurrentObservation();
		if (request != null) {
			request.highCardinalityKeyValue("pipeline.job.id", job.jobId());
			if (job.modelName() != null) {
				request.highCardinalityKeyValue("pipeline.model", job.modelName());
			}
		}
	}

	@Operation(summary = "Publish a training job",
			description = "Validates the job as the trainer's Kafka listener would and puts it on the training-jobs"
					+ " topic. jobId is optional (a new UUID when absent); requestedAt and requestedBy are set by the"
					+ " trainer (requestedBy: the signed-in user), whatever the body says. The same job posted again"
					+ " is answered with its status and published once.")
	@ApiResponse(responseCode = "202", description = "The job is on Kafka (or was already: duplicate is true)",
			headers = @Header(name = "Location", description = "the job's status URL",
					schema = @Schema(type = "string")),
			content = @Content(schema = @Schema(implementation = JobAccepted.class)))
	@ApiResponse(responseCode = "400",
			description = "An invalid job, naming the field at fault (a JSON path such as dataset.uri), or an"
					+ " unreadable body (no field)",
			content = @Content(schema = @Schema(implementation = JobError.class)))
	@ApiResponse(responseCode = "409", description = "The job id is taken by a different job",
			content = @Content(schema = @Schema(implementation = JobConflict.class)))
	@ApiResponse(responseCode = "503",
			description = "Kafka did not take the job, or MLflow is down; retrying with the same jobId is safe",
			content = @Content(schema = @Schema(implementation = JobUnavailable.class)))
	@PostMapping("/jobs")
	Mono<ResponseEntity<JobAccepted>> publish(@RequestBody TrainingRequested request, Principal user) {
		String jobId = (request.jobId() != null) ? request.jobId() : UUID.randomUUID().toString();
		TrainingRequested job = new TrainingRequested(jobId, request.modelName(), request.dataset(),
				request.algorithm(), request.options(), request.evaluation(), this.clock.instant(),
				(user != null) ? user.getName() : null);
		return Mono.fromCallable(() -> {
			tagRequest(job);
			this.validator.validate(job);
			URI status = statusUri(jobId);
			Optional<JobStatus> previous = this.statuses.previous(job);
			if (previous.isPresent()) {
				logger.info("job {}: the same job was published before ({}), not publishing it again", jobId,
						previous.get().status());
				return ResponseEntity.accepted()
					.location(status)
					.body(new JobAccepted(jobId, job.modelName(), previous.get().status(), status.toString(), true));
			}
			this.publisher.publish(job);
			this.statuses.published(job);
			logger.info("job {}: published for model {} by {} ({} on {})", jobId, job.modelName(), job.requestedBy(),
					job.algorithm(), job.dataset().uri());
			return ResponseEntity.accepted()
				.location(status)
				.body(new JobAccepted(jobId, job.modelName(), "QUEUED", status.toString(), null));
		}).subscribeOn(this.blocking);
	}

	@Operation(summary = "A training job's status",
			description = "Found in MLflow by the job id alone; modelName narrows the search to one model's"
					+ " experiment, and is needed when jobs of several models share the id.")
	@ApiResponse(responseCode = "200", description = "The job's status",
			content = @Content(schema = @Schema(implementation = JobStatus.class)))
	@ApiResponse(responseCode = "400",
			description = "Not a job id or model name (field jobId or modelName), or a job id used by jobs of"
					+ " several models without modelName (field modelName)",
			content = @Content(schema = @Schema(implementation = JobError.class)))
	@ApiResponse(responseCode = "404", description = "No job has that id",
			content = @Content(schema = @Schema(implementation = JobNotFound.class)))
	@ApiResponse(responseCode = "503", description = "MLflow is down",
			content = @Content(schema = @Schema(implementation = JobUnavailable.class)))
	@GetMapping("/jobs/{jobId}")
	Mono<JobStatus> status(@PathVariable String jobId, @RequestParam(required = false) String modelName) {
		if (!JobValidator.JOB_ID.matcher(jobId).matches()) {
			return Mono.error(new InvalidJobException("jobId", "'" + jobId + "' is not a job id"));
		}
		String model = (modelName == null || modelName.isBlank()) ? null : modelName;
		if (model != null && !JobValidator.MODEL_NAME.matcher(model).matches()) {
			return Mono.error(new InvalidJobException("modelName", "'" + model + "' is not a model name"));
		}
		return Mono.fromCallable(() -> this.statuses.status(model, jobId)).subscribeOn(this.blocking);
	}

	@ExceptionHandler
	ResponseEntity<JobError> invalid(InvalidJobException ex) {
		return ResponseEntity.badRequest().body(new JobError(ex.field(), ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<JobNotFound> notFound(JobNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new JobNotFound(ex.getMessage(), ex.jobId()));
	}

	@ExceptionHandler
	ResponseEntity<JobError> unreadable(ServerWebInputException ex) {
		String cause = (ex.getMostSpecificCause() != null) ? ex.getMostSpecificCause().getMessage() : ex.getReason();
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.body(new JobError(null, "unreadable job: " + firstLine(cause)));
	}

	@ExceptionHandler
	ResponseEntity<JobConflict> conflict(JobConflictException ex) {
		JobStatus existing = ex.existing();
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(new JobConflict(ex.getMessage(), existing.jobId(), existing.modelName(), existing.runId(),
					existing.status()));
	}

	@ExceptionHandler
	ResponseEntity<JobUnavailable> kafkaUnavailable(JobNotPublishedException ex) {
		logger.warn("job {}: not published: {}", ex.jobId(), ex.getMessage());
		String fate = ex.givenUp() ? "The producer has given the record up and will not send it later."
				: "The record may still reach Kafka.";
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(new JobUnavailable("The job was not put on Kafka: " + ex.getMessage() + ". " + fate
					+ " Try again with the same jobId '" + ex.jobId()
					+ "': that is safe, a job id already trained is never trained twice.", ex.jobId()));
	}

	@ExceptionHandler
	ResponseEntity<JobUnavailable> mlflowUnavailable(MlflowUnavailableException ex) {
		logger.warn("MLflow unavailable: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(new JobUnavailable("MLflow is unavailable, try again later: " + ex.getMessage(), null));
	}

	private static URI statusUri(String jobId) {
		return UriComponentsBuilder.fromPath("/jobs/{jobId}").buildAndExpand(jobId).encode().toUri();
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "malformed body";
		}
		int end = text.indexOf('\n');
		return (end < 0) ? text : text.substring(0, end);
	}

}
