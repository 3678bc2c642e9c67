package dev.mlpipeline.trainer.job;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

import dev.mlpipeline.kafka.EventNotSentException;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.trainer.training.InvalidJobException;
import dev.mlpipeline.trainer.training.JobValidator;

/**
 * Publishing and following training jobs over HTTP: {@code POST /jobs} validates a job
 * exactly as the Kafka listener would and puts it on the training topic; {@code GET
 * /jobs/{jobId}?modelName=...} reports its status from MLflow. Blocking work (loading the
 * data set, MLflow, the Kafka acknowledgement) runs on a bounded scheduler.
 */
@RestController
class JobController {

	private static final Logger logger = LoggerFactory.getLogger(JobController.class);

	private final JobValidator validator;

	private final JobPublisher publisher;

	private final JobStatusService statuses;

	private final Scheduler blocking;

	private final Clock clock;

	JobController(JobValidator validator, JobPublisher publisher, JobStatusService statuses, Scheduler blocking,
			Clock clock) {
		this.validator = validator;
		this.publisher = publisher;
		this.statuses = statuses;
		this.blocking = blocking;
		this.clock = clock;
	}

	@PostMapping("/jobs")
	Mono<ResponseEntity<JobAccepted>> publish(@RequestBody TrainingRequested request) {
		String jobId = (request.jobId() != null) ? request.jobId() : UUID.randomUUID().toString();
		TrainingRequested job = new TrainingRequested(jobId, request.modelName(), request.dataset(),
				request.algorithm(), request.options(), request.evaluation(), this.clock.instant());
		return Mono.fromCallable(() -> {
			this.validator.validate(job);
			this.publisher.publish(job);
			logger.info("job {}: published for model {} ({} on {})", jobId, job.modelName(), job.algorithm(),
					job.dataset().uri());
			URI status = statusUri(job.modelName(), jobId);
			return ResponseEntity.accepted()
				.location(status)
				.body(new JobAccepted(jobId, job.modelName(), "QUEUED", status.toString()));
		}).subscribeOn(this.blocking);
	}

	@GetMapping("/jobs/{jobId}")
	Mono<JobStatus> status(@PathVariable String jobId, @RequestParam(required = false) String modelName) {
		if (!JobValidator.JOB_ID.matcher(jobId).matches()) {
			return Mono.error(new InvalidJobException("jobId", "'" + jobId + "' is not a job id"));
		}
		if (modelName == null || modelName.isBlank()) {
			return Mono.error(new InvalidJobException("modelName",
					"the query parameter modelName is required: a job's runs live in its model's experiment"));
		}
		if (!JobValidator.MODEL_NAME.matcher(modelName).matches()) {
			return Mono.error(new InvalidJobException("modelName", "'" + modelName + "' is not a model name"));
		}
		return Mono.fromCallable(() -> this.statuses.status(modelName, jobId)).subscribeOn(this.blocking);
	}

	@ExceptionHandler
	ResponseEntity<JobError> invalid(InvalidJobException ex) {
		return ResponseEntity.badRequest().body(new JobError(ex.field(), ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<JobError> unreadable(ServerWebInputException ex) {
		String cause = (ex.getMostSpecificCause() != null) ? ex.getMostSpecificCause().getMessage() : ex.getReason();
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.body(new JobError(null, "unreadable job: " + firstLine(cause)));
	}

	@ExceptionHandler
	ResponseEntity<JobError> kafkaUnavailable(EventNotSentException ex) {
		logger.warn("Could not publish a job: {}", ex.toString());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(new JobError(null, "the job could not be put on Kafka, try again: " + ex.getMessage()));
	}

	private static URI statusUri(String modelName, String jobId) {
		return UriComponentsBuilder.fromPath("/jobs/{jobId}")
			.queryParam("modelName", modelName)
			.buildAndExpand(jobId)
			.encode()
			.toUri();
	}

	private static String firstLine(String text) {
		if (text == null) {
			return "malformed body";
		}
		int end = text.indexOf('\n');
		return (end < 0) ? text : text.substring(0, end);
	}

}
