package dev.mlpipeline.promoter.replicas;

import java.time.Clock;
import java.time.Duration;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.promoter.command.FailureAnswers;
import dev.mlpipeline.promoter.promotion.RegistryState;
import dev.mlpipeline.promoter.promotion.UnknownModelException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /models/{name}/replicas}: each serving replica that serves the model, with
 * what it serves and how fresh its report is, against the champion the registry names.
 */
@RestController
@Tag(name = "replicas", description = "The serving replicas and what they serve")
class ReplicasController {

	private final ReplicaDirectory directory;

	private final ModelRegistry registry;

	private final RegistryState state;

	private final Scheduler scheduler;

	private final Duration forgetAfter;

	private final Clock clock = Clock.systemUTC();

	ReplicasController(ReplicaDirectory directory, ModelRegistry registry, RegistryState state,
			Scheduler registryScheduler, @Value("${promotion.replicas.forget-after:10m}") Duration forgetAfter) {
		this.directory = directory;
		this.registry = registry;
		this.state = state;
		this.scheduler = registryScheduler;
		this.forgetAfter = forgetAfter;
	}

	@Operation(summary = "The serving replicas of a model",
			description = "Each replica serving the model, what it serves and how fresh its report is, against the"
					+ " champion the registry names.")
	@ApiResponse(responseCode = "200", description = "The replicas")
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@ApiResponse(responseCode = "503", description = "MLflow is unavailable",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@GetMapping("/models/{name}/replicas")
	Mono<ReplicaView.Replicas> replicas(@PathVariable String name) {
		return Mono.fromCallable(() -> {
			if (this.registry.findRegisteredModel(name).isEmpty()) {
				throw new UnknownModelException(name, null);
			}
			String champion = this.state.champion(name).map(ModelVersion::version).orElse(null);
			return ReplicaView.of(name, champion, this.directory.all(), this.clock.instant(), this.forgetAfter);
		}).subscribeOn(this.scheduler);
	}

}
