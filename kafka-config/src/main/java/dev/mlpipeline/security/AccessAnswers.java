package dev.mlpipeline.security;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * The answers to a request the access control refuses, as JSON an API client can read
 * (never a redirect or a login page): 401 with a Basic challenge when the credentials are
 * missing or wrong, 403 naming the role the request needs.
 */
class AccessAnswers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AccessRules rules;

	private final String challenge;

	AccessAnswers(AccessRules rules, String realm) {
		this.rules = rules;
		this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
		ServerHttpRequest request = exchange.getRequest();
		String role = RoleAuthorization.requiredRole(this.rules, request).map(PipelineRole::id).orElse(null);
		String problem = (failure instanceof BadCredentialsException) ? "wrong user name or password"
				: "no credentials";
		Map<String, Object> body = body(HttpStatus.UNAUTHORIZED, request,
				problem + ": " + describe(request) + " needs HTTP Basic credentials of a user"
						+ ((role != null) ? " with the role '" + role + "'" : "") + " (see PIPELINE_USERS)");
		body.put("requiredRole", role);
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, this.challenge);
		return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, body);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		ServerHttpRequest request = exchange.getRequest();
		String role = RoleAuthorization.requiredRole(this.rules, request).map(PipelineRole::id).orElse(null);
		return exchange.getPrincipal().map((principal) -> principal.getName()).defaultIfEmpty("").flatMap((user) -> {
			Map<String, Object> body = body(HttpStatus.FORBIDDEN, request,
					"user '" + user + "' does not have the role '" + role + "' that " + describe(request) + " needs");
			body.put("requiredRole", role);
			body.put("user", user);
			return write(exchange.getResponse(), HttpStatus.FORBIDDEN, body);
		});
	}

	private static Map<String, Object> body(HttpStatus status, ServerHttpRequest request, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status.value());
		body.put("error", message);
		body.put("path", request.getPath().value());
		return body;
	}

	private static String describe(ServerHttpRequest request) {
		return request.getMethod().name() + " " + request.getPath().value();
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, Map<String, Object> body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(body));
		return response.writeWith(Mono.just(buffer));
	}

}
