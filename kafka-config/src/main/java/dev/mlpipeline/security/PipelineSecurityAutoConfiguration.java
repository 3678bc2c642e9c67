package dev.mlpipeline.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

import reactor.core.publisher.Mono;

/**
 * The access control every app of the pipeline gets by depending on this module: HTTP
 * Basic against the users of {@code PIPELINE_USERS}, each request allowed by the role its
 * app's {@link AccessRules} name, refusals answered as JSON, no session, no login page.
 * Without users no one can sign in: the app fails closed and says so once at start.
 */
@AutoConfiguration(before = { ReactiveUserDetailsServiceAutoConfiguration.class,
		ReactiveManagementWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ServerHttpSecurity.class)
@EnableConfigurationProperties(PipelineSecurityProperties.class)
public class PipelineSecurityAutoConfiguration {

	/** How long a password that passed the check is not checked again. */
	static final Duration REMEMBER_FOR = Duration.ofMinutes(5);

	private static final Logger logger = LoggerFactory.getLogger(PipelineSecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	AccessRules accessRules() {
		return AccessRules.builder().build();
	}

	@Bean
	PipelineUsers pipelineUsers(PipelineSecurityProperties properties) {
		PipelineUsers users = PipelineUsers.parse(properties.users());
		if (users.isEmpty()) {
			logger.warn("No users configured (PIPELINE_USERS is empty): no one can sign in, so every endpoint that"
					+ " needs a role answers 401. Set PIPELINE_USERS to comma-separated name:{bcrypt}hash:role+role"
					+ " entries (roles: {}).", PipelineRole.ids());
		}
		List<String> plain = users.all()
			.stream()
			.filter(PipelineUsers.User::plainText)
			.map(PipelineUsers.User::name)
			.toList();
		if (!plain.isEmpty()) {
			logger.warn("Users {} have {noop} plain-text passwords: fine for a demo, give them {bcrypt} hashes"
					+ " in PIPELINE_USERS for real use.", plain);
		}
		return users;
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveUserDetailsService pipelineUserDetails(PipelineUsers users) {
		return (name) -> Mono.justOrEmpty(users.find(name)).map(PipelineSecurityAutoConfiguration::details);
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityWebFilterChain pipelineSecurity(ServerHttpSecurity http, AccessRules rules,
			ReactiveUserDetailsService users, PipelineSecurityProperties properties) {
		ReactiveAuthenticationManager authentication = new RememberedCredentials(
				new UserDetailsRepositoryReactiveAuthenticationManager(users), REMEMBER_FOR, Clock.systemUTC());
		AccessAnswers answers = new AccessAnswers(rules, properties.realm());
		// a request no rule asks a role of (serving's /predict, the probes) skips the
		// security filters altogether: nothing to check, and nothing added to its path
		ServerWebExchangeMatcher needsARole = (
				exchange) -> RoleAuthorization.requiredRole(rules, exchange.getRequest()).isPresent()
						? MatchResult.match() : MatchResult.notMatch();
		return http.securityMatcher(needsARole)
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.httpBasic((basic) -> basic.authenticationManager(authentication)
				.authenticationEntryPoint(answers)
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance()))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(answers).accessDeniedHandler(answers))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().access(new RoleAuthorization(rules)))
			.build();
	}

	/**
	 * The access rules written into the app's OpenAPI description, when the app serves
	 * one (springdoc).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
	static class OpenApiDescription {

		@Bean
		OpenApiAccess pipelineOpenApiAccess(AccessRules rules, PipelineSecurityProperties properties) {
			return new OpenApiAccess(rules, properties.realm());
		}

	}

	private static UserDetails details(PipelineUsers.User user) {
		return User.withUsername(user.name())
			.password(user.password())
			.authorities(user.roles().stream().map((role) -> new SimpleGrantedAuthority(role.authority())).toList())
			.build();
	}

}
