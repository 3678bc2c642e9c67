package dev.mlpipeline.promoter.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mlpipeline.promoter.command.FailureAnswers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /models/{name}/live}: the live stats of every version of a model over a span
 * ({@code from} and {@code to}, ISO-8601 instants; by default the last hour), summed over
 * the windows of every instance of the topology (the global store each instance keeps of
 * the {@code live-stats} topic), so every replica answers the same.
 */
@RestController
@Tag(name = "live", description = "Live stats from serving's predictions and feedback")
class LiveController {

	private static final Duration DEFAULT_SPAN = Duration.ofHours(1);

	// registry versions are numbers: 9 before 10
	private static final Comparator<LiveSummary> VERSION_ORDER = Comparator
		.comparingInt((LiveSummary summary) -> summary.version().length())
		.thenComparing(LiveSummary::version)
		.thenComparing(LiveSummary::role);

	private final ObjectProvider<LiveStatsStreams> streams;

	private final LiveProperties properties;

	private final Clock clock;

	LiveController(ObjectProvider<LiveStatsStreams> streams, LiveProperties properties) {
		this.streams = streams;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	@Operation(summary = "A model's live stats over a span",
			description = "Every version and role seen between from and to (ISO-8601 instants; by default the last"
					+ " hour), summed over every promoter's windows.")
	@ApiResponse(responseCode = "200", description = "The live stats",
			content = @Content(schema = @Schema(implementation = LiveAnswer.class)))
	@ApiResponse(responseCode = "400",
			description = "from or to is not an instant, or the span is wrong; names the" + " field",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@ApiResponse(responseCode = "404", description = "Live stats are off on this promoter",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@ApiResponse(responseCode = "503", description = "The live stats are not queryable yet (with their state)",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@GetMapping("/models/{name}/live")
	ResponseEntity<?> live(@PathVariable String name, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		LiveStatsStreams running = this.streams.getIfAvailable();
		if (running == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "Live stats are off on this promoter (promotion.live.enabled=false)"));
		}
		Instant end;
		Instant start;
		try {
			end = (to != null) ? Instant.parse(to) : this.clock.instant();
		}
		catch (DateTimeParseException ex) {
			return badRequest("to", "is not an ISO-8601 instant (e.g. 2026-12-02T12:00:00Z): " + to);
		}
		try {
			start = (from != null) ? Instant.parse(from) : end.minus(DEFAULT_SPAN);
		}
		catch (DateTimeParseException ex) {
			return badRequest("from", "is not an ISO-8601 instant (e.g. 2026-12-02T11:00:00Z): " + from);
		}
		if (start.isAfter(end)) {
			return badRequest("from", "is after to");
		}
		if (Duration.between(start, end).compareTo(this.properties.maxSpan()) > 0) {
			return badRequest("from", "spans more than " + this.properties.maxSpan() + " to to");
		}
		Optional<LiveStatsQuery> query = running.query();
		if (query.isEmpty()) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "The live stats are not queryable yet", "state", running.state()));
		}
		List<LiveSummary> versions = query.get()
			.ofModel(name, start, end)
			.entrySet()
			.stream()
			.map((entry) -> LiveSummary.of(entry.getKey(), entry.getValue()))
			.sorted(VERSION_ORDER)
			.toList();
		return ResponseEntity.ok(new LiveAnswer(name, start, end, versions));
	}

	private static ResponseEntity<Map<String, String>> badRequest(String field, String problem) {
		return ResponseEntity.badRequest().body(Map.of("error", field + " " + problem, "field", field));
	}

	/**
	 * The answer: a model's live stats over a span.
	 *
	 * @param model the model
	 * @param from the span's start
	 * @param to its end
	 * @param versions each version and role seen in it
	 */
	record LiveAnswer(String model, Instant from, Instant to, List<LiveSummary> versions) {

	}

}
