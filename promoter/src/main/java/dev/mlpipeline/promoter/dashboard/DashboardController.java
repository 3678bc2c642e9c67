package dev.mlpipeline.promoter.dashboard;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.promoter.command.FailureAnswers;
import dev.mlpipeline.promoter.live.LiveProperties;
import dev.mlpipeline.promoter.live.LiveStatsQuery;
import dev.mlpipeline.promoter.live.LiveStatsStreams;
import dev.mlpipeline.promoter.promotion.ModelStatus;
import dev.mlpipeline.promoter.promotion.PromotionService;
import dev.mlpipeline.security.PipelineRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard page reads besides the promoter's API: who is signed in and may act,
 * the models, the charts of one model, and the stream of the pipeline's events.
 * Everything here is a read, open to the viewer role as every read is.
 */
@RestController
@Tag(name = "dashboard", description = "The dashboard page's data")
class DashboardController {

	// the longest span of live stats a chart shows
	private static final Duration MAX_LIVE_SPAN = Duration.ofHours(6);

	// a comment this often keeps an idle stream open through proxies
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final PromotionService promotions;

	private final ModelRegistry registry;

	private final ObjectProvider<LiveStatsStreams> streams;

	private final ObjectProvider<LiveProperties> liveProperties;

	private final DashboardFeed feed;

	private final Scheduler scheduler;

	private final URI mlflowPublicUri;

	private final Clock clock = Clock.systemUTC();

	DashboardController(PromotionService promotions, ModelRegistry registry, ObjectProvider<LiveStatsStreams> streams,
			ObjectProvider<LiveProperties> liveProperties, DashboardFeed feed, Scheduler registryScheduler,
			@Value("${promotion.dashboard.mlflow-public-uri:http://localhost:5000}") URI mlflowPublicUri) {
		this.promotions = promotions;
		this.registry = registry;
		this.streams = streams;
		this.liveProperties = liveProperties;
		this.feed = feed;
		this.scheduler = registryScheduler;
		this.mlflowPublicUri = mlflowPublicUri;
	}

	@Operation(summary = "Who is signed in (the dashboard's)")
	@GetMapping("/dashboard/session")
	Session session(Principal principal) {
		List<String> roles = (principal instanceof Authentication authentication) ? authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring("ROLE_".length()))
			.sorted()
			.toList() : List.of();
		String base = this.mlflowPublicUri.toString();
		return new Session(principal.getName(), roles, roles.contains(PipelineRole.OPERATOR.id()),
				base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
	}

	@Operation(summary = "The registered models' names (the dashboard's)")
	@GetMapping("/dashboard/models")
	Mono<Map<String, List<String>>> models() {
		return blocking(() -> Map.of("models", this.registry.searchRegisteredModelNames().stream().sorted().toList()));
	}

	@Operation(summary = "A model's charts (the dashboard's)",
			description = "The primary metric across versions, the live stats of the last minutes, and the live"
					+ " gates of a rollout's stage now.")
	@ApiResponse(responseCode = "200", description = "The charts",
			content = @Content(schema = @Schema(implementation = Charts.class)))
	@ApiResponse(responseCode = "400", description = "minutes is out of range (field minutes)",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@ApiResponse(responseCode = "503", description = "MLflow is unavailable",
			content = @Content(schema = @Schema(implementation = FailureAnswers.Failure.class)))
	@GetMapping("/dashboard/models/{name}/charts")
	Mono<ResponseEntity<?>> charts(@PathVariable String name, @RequestParam(defaultValue = "30") long minutes) {
		if (minutes < 1 || Duration.ofMinutes(minutes).compareTo(MAX_LIVE_SPAN) > 0) {
			return Mono.just(ResponseEntity.badRequest()
				.body(Map.of("error", "minutes must be between 1 and " + MAX_LIVE_SPAN.toMinutes() + ", not " + minutes,
						"field", "minutes")));
		}
		return blocking(() -> {
			List<MetricHistory.Point> metric = MetricHistory.of(this.promotions.decisions(name));
			ModelStatus status = this.promotions.status(name);
			return ResponseEntity.ok(chartsOf(status, metric, Duration.ofMinutes(minutes)));
		});
	}

	@Operation(summary = "Server-sent events of decisions and replica changes (the dashboard's)",
			description = "Each event's name is its kind; a comment opens the stream and keeps it alive.")
	@ApiResponse(responseCode = "200", description = "The stream, one DashboardEvent per event",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(implementation = DashboardEvent.class)))
	@GetMapping(path = "/dashboard/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<DashboardEvent>> events() {
		Flux<ServerSentEvent<DashboardEvent>> events = this.feed.events()
			.map((event) -> ServerSentEvent.builder(event).event(event.kind()).build());
		Flux<ServerSentEvent<DashboardEvent>> keepAlive = Flux.interval(KEEP_ALIVE)
			.map((tick) -> ServerSentEvent.<DashboardEvent>builder().comment("keep-alive").build());
		// the first comment tells the page the stream is open
		return Flux.just(ServerSentEvent.<DashboardEvent>builder().comment("open").build())
			.concatWith(Flux.merge(events, keepAlive).takeUntilOther(this.feed.closed()));
	}

	private Charts chartsOf(ModelStatus status, List<MetricHistory.Point> metric, Duration span) {
		String name = status.model();
		LiveStatsStreams running = this.streams.getIfAvailable();
		LiveProperties properties = this.liveProperties.getIfAvailable();
		Instant to = this.clock.instant();
		Instant from = to.minus(span);
		if (running == null || properties == null) {
			return new Charts(name, metric, new Live("off", from, to, null, List.of()), null);
		}
		Optional<LiveStatsQuery> query = running.query();
		if (query.isEmpty()) {
			return new Charts(name, metric, new Live("starting", from, to, properties.window(), List.of()), null);
		}
		Live live = new Live("on", from, to, properties.window(),
				LiveSeries.of((start, end) -> query.get().ofModel(name, start, end), from, to, properties.window()));
		return new Charts(name, metric, live, RolloutGates.of(status, query.get(), to).orElse(null));
	}

	private <T> Mono<T> blocking(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(this.scheduler);
	}

	/**
	 * Who is signed in.
	 *
	 * @param user the user name
	 * @param roles the user's roles
	 * @param operator whether the user may act (the page shows actions only then; the API
	 * refuses them to anyone else either way)
	 * @param mlflowPublicUri where people reach MLflow's UI
	 */
	record Session(String user, List<String> roles, boolean operator, String mlflowPublicUri) {
	}

	/**
	 * The charts of a model.
	 *
	 * @param model the model
	 * @param metric the primary metric across versions
	 * @param live the live stats over time
	 * @param gates the live gates of the challenger's stage now, {@code null} without a
	 * rollout (or live stats)
	 */
	record Charts(String model, List<MetricHistory.Point> metric, Live live, RolloutGates.Now gates) {
	}

	/**
	 * A model's live stats over time.
	 *
	 * @param state {@code on}, {@code starting} (not queryable yet) or {@code off}
	 * ({@code promotion.live.enabled=false})
	 * @param from the span's start
	 * @param to its end
	 * @param step the length of a point
	 * @param series one per version and role
	 */
	record Live(String state, Instant from, Instant to, Duration step, List<LiveSeries.Series> series) {
	}

}
