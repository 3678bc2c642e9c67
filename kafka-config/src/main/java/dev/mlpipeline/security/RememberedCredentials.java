package dev.mlpipeline.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Remembers credentials that passed a password check for a short time, so a client that
 * sends HTTP Basic on every request (there is no session) pays the deliberately slow
 * bcrypt check once, not on every call: a scoring endpoint behind {@code predictor} would
 * otherwise spend tens of milliseconds of CPU per prediction. Only a keyed digest of name
 * and password is kept (the key is random per process), never the password.
 */
class RememberedCredentials implements ReactiveAuthenticationManager {

	static final int MAX_ENTRIES = 1000;

	private final ReactiveAuthenticationManager checker;

	private final Duration lifetime;

	private final Clock clock;

	private final SecretKeySpec key;

	private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

	RememberedCredentials(ReactiveAuthenticationManager checker, Duration lifetime, Clock clock) {
		this.checker = checker;
		this.lifetime = lifetime;
		this.clock = clock;
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, "HmacSHA256");
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof UsernamePasswordAuthenticationToken)
				|| !(authentication.getCredentials() instanceof String password)) {
			return this.checker.authenticate(authentication);
		}
		String digest = digest(authentication.getName(), password);
		Instant now = this.clock.instant();
		Remembered known = this.remembered.get(digest);
		if (known != null && now.isBefore(known.until())) {
			return Mono.just(known.authentication());
		}
		return this.checker.authenticate(authentication).doOnNext((checked) -> remember(digest, checked, now));
	}

	private void remember(String digest, Authentication checked, Instant now) {
		if (this.remembered.size() >= MAX_ENTRIES) {
			this.remembered.values().removeIf((entry) -> !now.isBefore(entry.until()));
			if (this.remembered.size() >= MAX_ENTRIES) {
				this.remembered.clear();
			}
		}
		this.remembered.put(digest, new Remembered(checked, now.plus(this.lifetime)));
	}

	private String digest(String name, String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			mac.update(name.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private record Remembered(Authentication authentication, Instant until) {
	}

}
