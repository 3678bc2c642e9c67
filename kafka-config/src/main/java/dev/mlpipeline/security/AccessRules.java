package dev.mlpipeline.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which role an HTTP request needs, decided by the first rule that matches its method and
 * path. Every app lists its own rules; after them, a read ({@code GET}, {@code HEAD})
 * needs {@link PipelineRole#VIEWER} and anything else {@link PipelineRole#OPERATOR}, so a
 * control endpoint added later is closed until a rule opens it. The actuator's health,
 * info and prometheus endpoints and the OpenAPI description ({@code /v3/api-docs}) are
 * open on every app.
 */
public final class AccessRules {

	private static final List<String> OPEN_ACTUATOR = List.of("/actuator/health", "/actuator/health/**",
			"/actuator/info", "/actuator/prometheus");

	/** The API's description, which a client reads before it has credentials. */
	private static final List<String> OPEN_DOCS = List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**");

	private final List<Rule> rules;

	private AccessRules(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * Starts the rules of an app, with the open actuator endpoints and API description
	 * first.
	 * @return a builder
	 */
	public static Builder builder() {
		Builder builder = new Builder();
		OPEN_ACTUATOR.forEach((path) -> builder.open(HttpMethod.GET, path));
		OPEN_DOCS.forEach((path) -> builder.open(HttpMethod.GET, path));
		return builder;
	}

	/**
	 * The role a request needs.
	 * @param method the request's method
	 * @param path the request's path, without the query
	 * @return the role, empty when the request is open to anyone
	 */
	public Optional<PipelineRole> requiredRole(HttpMethod method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (Rule rule : this.rules) {
			if (rule.matches(method, container)) {
				return Optional.ofNullable(rule.role());
			}
		}
		boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
		return Optional.of(read ? PipelineRole.VIEWER : PipelineRole.OPERATOR);
	}

	/**
	 * One rule: requests of a method (any when {@code null}) on a path pattern need a
	 * role, or none.
	 *
	 * @param method the method, {@code null} for every method
	 * @param pattern the path pattern ({@code /models/{name}/**})
	 * @param role the role needed, {@code null} for open
	 */
	record Rule(@Nullable HttpMethod method, PathPattern pattern, @Nullable PipelineRole role) {

		boolean matches(HttpMethod requested, PathContainer path) {
			boolean methodMatches = this.method == null || this.method.equals(requested)
					|| (HttpMethod.HEAD.equals(requested) && HttpMethod.GET.equals(this.method));
			return methodMatches && this.pattern.matches(path);
		}

	}

	/**
	 * Collects an app's rules in order; the first that matches a request decides.
	 */
	public static final class Builder {

		private final List<Rule> rules = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Opens paths to anyone.
		 * @param method the method, {@code null} for every method
		 * @param patterns path patterns
		 * @return this builder
		 */
		public Builder open(@Nullable HttpMethod method, String... patterns) {
			return add(method, null, patterns);
		}

		/**
		 * Requires a role on paths.
		 * @param role the role needed
		 * @param method the method, {@code null} for every method
		 * @param patterns path patterns
		 * @return this builder
		 */
		public Builder require(PipelineRole role, @Nullable HttpMethod method, String... patterns) {
			return add(method, role, patterns);
		}

		/**
		 * The rules, followed by the defaults (reads need viewer, the rest operator).
		 * @return the rules
		 */
		public AccessRules build() {
			return new AccessRules(this.rules);
		}

		private Builder add(@Nullable HttpMethod method, @Nullable PipelineRole role, String... patterns) {
			for (String pattern : patterns) {
				this.rules.add(new Rule(method, PathPatternParser.defaultInstance.parse(pattern), role));
			}
			return this;
		}

	}

}
