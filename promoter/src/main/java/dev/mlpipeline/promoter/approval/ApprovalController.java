package dev.mlpipeline.promoter.approval;

import java.security.Principal;

import dev.mlpipeline.kafka.event.PromotionRequested;
import dev.mlpipeline.promoter.control.CommandAnswers;
import dev.mlpipeline.promoter.command.CommandBus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /models/{name}/versions/{version}/reject}: the operator's no to a version
 * waiting for approval, a command to the model's owner answered as a promotion is
 * ({@code 200} or {@code 202} with the decision, {@code 409} when the version does not
 * wait for approval, {@code 503} when Kafka did not take the command). Approving is
 * {@code POST .../promote}.
 */
@RestController
@Tag(name = "approvals", description = "Rejecting a version that waits for approval")
class ApprovalController {

	private final CommandBus commands;

	ApprovalController(CommandBus commands) {
		this.commands = commands;
	}

	@Operation(summary = "Reject a version waiting for approval",
			description = "409 when the version does not wait for approval; approving is POST .../promote.")
	@CommandAnswers
	@PostMapping("/models/{name}/versions/{version}/reject")
	Mono<ResponseEntity<String>> reject(@PathVariable String name, @PathVariable String version,
			@RequestBody(required = false) RejectRequest request, Principal operator) {
		String note = (request != null) ? request.reason() : null;
		return this.commands.send(
				this.commands.command(name, PromotionRequested.REJECT, version, null, null, note, operator.getName()));
	}

	/**
	 * Optional body of a rejection.
	 *
	 * @param reason why the operator rejects the version
	 */
	record RejectRequest(String reason) {
	}

}
