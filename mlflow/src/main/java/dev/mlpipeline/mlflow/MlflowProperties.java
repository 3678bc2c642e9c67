package dev.mlpipeline.mlflow;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the MLflow tracking server is and how to talk to it; relaxed binding lets the
 * standard {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_TRACKING_USERNAME},
 * {@code MLFLOW_TRACKING_PASSWORD} and {@code MLFLOW_TRACKING_TOKEN} variables bind
 * directly.
 *
 * @param uri the tracking server, e.g. {@code http://mlflow:5000}
 * @param username basic-auth user, used together with {@code password}
 * @param password basic-auth password
 * @param token bearer token, used when no username and password are given
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one request, answer included
 * @param maxAttempts attempts per call, first one included, for transient failures
 * @param initialBackoff wait before the first retry, doubled on each further retry
 * @param maxBackoff cap of the wait between retries
 */
@Validated
@ConfigurationProperties("mlflow.tracking")
public record MlflowProperties(@NotNull @DefaultValue("http://localhost:5000") URI uri, String username,
		String password, String token, @NotNull @DefaultValue("5s") Duration connectTimeout,
		@NotNull @DefaultValue("30s") Duration requestTimeout, @Min(1) @DefaultValue("5") int maxAttempts,
		@NotNull @DefaultValue("200ms") Duration initialBackoff, @NotNull @DefaultValue("5s") Duration maxBackoff) {

	/** The tracking URI used when none is configured. */
	public static final URI DEFAULT_URI = URI.create("http://localhost:5000");

	public MlflowProperties {
		uri = (uri != null) ? uri : DEFAULT_URI;
		connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(5));
		requestTimeout = positiveOr(requestTimeout, Duration.ofSeconds(30));
		maxAttempts = Math.max(1, maxAttempts);
		initialBackoff = positiveOr(initialBackoff, Duration.ofMillis(200));
		maxBackoff = positiveOr(maxBackoff, Duration.ofSeconds(5));
		username = blankToNull(username);
		password = blankToNull(password);
		token = blankToNull(token);
	}

	/**
	 * Properties for the given server with every other setting at its default.
	 * @param uri the tracking server
	 * @return the properties
	 */
	public static MlflowProperties of(URI uri) {
		return new MlflowProperties(uri, null, null, null, null, null, 5, null, null);
	}

	/**
	 * A copy with basic-auth credentials.
	 * @param username the user
	 * @param password the password
	 * @return the new properties
	 */
	public MlflowProperties withBasicAuth(String username, String password) {
		return new MlflowProperties(this.uri, username, password, this.token, this.connectTimeout, this.requestTimeout,
				this.maxAttempts, this.initialBackoff, this.maxBackoff);
	}

	/**
	 * A copy with a bearer token.
	 * @param token the token
	 * @return the new properties
	 */
	public MlflowProperties withToken(String token) {
		return new MlflowProperties(this.uri, this.username, this.password, token, this.connectTimeout,
				this.requestTimeout, this.maxAttempts, this.initialBackoff, this.maxBackoff);
	}

	/**
	 * A copy with another retry policy.
	 * @param maxAttempts attempts per call
	 * @param initialBackoff first wait
	 * @param maxBackoff cap of the wait
	 * @return the new properties
	 */
	public MlflowProperties withRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		return new MlflowProperties(this.uri, this.username, this.password, this.token, this.connectTimeout,
				this.requestTimeout, maxAttempts, initialBackoff, maxBackoff);
	}

	@Override
	public String toString() {
		return "MlflowProperties[uri=" + this.uri + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + ", token=" + ((this.token != null) ? "******" : null)
				+ ", connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout
				+ ", maxAttempts=" + this.maxAttempts + ", initialBackoff=" + this.initialBackoff + ", maxBackoff="
				+ this.maxBackoff + "]";
	}

	private static Duration positiveOr(Duration value, Duration fallback) {
		return (value != null && !value.isNegative() && !value.isZero()) ? value : fallback;
	}

	private static String blankToNull(String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

}
