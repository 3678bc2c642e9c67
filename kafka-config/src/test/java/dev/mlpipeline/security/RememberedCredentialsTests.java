package dev.mlpipeline.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.mlpipeline.kafka.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RememberedCredentialsTests {

	private final AtomicInteger checks = new AtomicInteger();

	private final ReactiveAuthenticationManager checker = (attempt) -> {
		this.checks.incrementAndGet();
		if (!"right".equals(attempt.getCredentials())) {
			return Mono.error(new BadCredentialsException("Invalid Credentials"));
		}
		return Mono.just(UsernamePasswordAuthenticationToken.authenticated(attempt.getName(), null,
				List.of(new SimpleGrantedAuthority("ROLE_viewer"))));
	};

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T00:00:00Z"));

	private final RememberedCredentials remembered = new RememberedCredentials(this.checker, Duration.ofMinutes(5),
			this.clock);

	@Test
	void checksARememberedPasswordOnlyOnce() {
		Authentication first = this.remembered.authenticate(attempt("ana", "right")).block();
		Authentication second = this.remembered.authenticate(attempt("ana", "right")).block();
		assertThat(this.checks).hasValue(1);
		assertThat(second.getAuthorities()).isEqualTo(first.getAuthorities());
	}

	@Test
	void checksAgainOnceTheLifetimeHasPassed() {
		this.remembered.authenticate(attempt("ana", "right")).block();
		this.clock.advance(Duration.ofMinutes(5));
		this.remembered.authenticate(attempt("ana", "right")).block();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void neverRemembersAWrongPassword() {
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> this.remembered.authenticate(attempt("ana", "wrong")).block());
		}
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void doesNotLetAnotherPasswordRideOnARememberedOne() {
		this.remembered.authenticate(attempt("ana", "right")).block();
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.remembered.authenticate(attempt("ana", "right ")).block());
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.remembered.authenticate(attempt("bob", "wrong")).block());
	}

	@Test
	void staysBoundedWhenManyUsersSignIn() {
		for (int i = 0; i < RememberedCredentials.MAX_ENTRIES + 10; i++) {
			this.remembered.authenticate(attempt("user" + i, "right")).block();
		}
		this.remembered.authenticate(attempt("user0", "right")).block();
		assertThat(this.checks).hasValue(RememberedCredentials.MAX_ENTRIES + 11);
	}

	private static UsernamePasswordAuthenticationToken attempt(String name, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
	}

}
