package dev.mlpipeline.promoter.control;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.mlpipeline.promoter.command.CommandBus;
import dev.mlpipeline.promoter.command.FailureAnswers;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;

/**
 * Documents, on an endpoint that sends a command through {@link CommandBus}, the answers
 * it gives (written once for every such endpoint): the owner's decision ({@code 200}, or
 * {@code 202} while its events wait in the outbox), {@code 202} with the command id and
 * where its decision will show when the owner has not answered in time, and what a
 * decision can run into ({@link FailureAnswers}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ApiResponses({
		@ApiResponse(responseCode = "200",
				description = "Decided and recorded; Kafka took its events (events: published)",
				content = @Content(schema = @Schema(implementation = ProductionChange.class))),
		@ApiResponse(responseCode = "202",
				description = "Decided and recorded while its events wait in the outbox (a ProductionChange with"
						+ " events: pending), or the model's owner has not answered in time (a CommandAccepted: the"
						+ " command is on Kafka and will be applied, its decision will show at the decisions URL)",
				content = @Content(
						schema = @Schema(oneOf = { ProductionChange.class, CommandBus.CommandAccepted.class }))),
		@ApiResponse(responseCode = "400", description = "A value the action cannot take",
				content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class))),
		@ApiResponse(responseCode = "404", description = "No such model or version",
				content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class))),
		@ApiResponse(responseCode = "409", description = "The change conflicts with the registry's state",
				content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class))),
		@ApiResponse(responseCode = "422", description = "The version's model file fails its check",
				content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class))),
		@ApiResponse(responseCode = "503",
				description = "Kafka did not take the command (nothing changed), or MLflow is unavailable",
				content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class))) })
public @interface CommandAnswers {

}
