package dev.mlpipeline.security;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;

/**
 * Grants a request when its authenticated user holds the role the app's
 * {@link AccessRules} name for it (a request needing none never reaches the security
 * filters, but would be granted).
 */
class RoleAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

	private final AccessRules rules;

	RoleAuthorization(AccessRules rules) {
		this.rules = rules;
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		Optional<PipelineRole> needed = requiredRole(this.rules, context.getExchange().getRequest());
		if (needed.isEmpty()) {
			return Mono.just(new AuthorizationDecision(true));
		}
		String authority = needed.get().authority();
		return authentication.filter(RoleAuthorization::isSignedIn)
			.map((user) -> user.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.anyMatch(authority::equals))
			.defaultIfEmpty(false)
			.map(AuthorizationDecision::new);
	}

	static Optional<PipelineRole> requiredRole(AccessRules rules, ServerHttpRequest request) {
		return rules.requiredRole(request.getMethod(), request.getPath().pathWithinApplication().value());
	}

	static boolean isSignedIn(Authentication authentication) {
		return authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
	}

}
