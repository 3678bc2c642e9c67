package dev.mlpipeline.serving.predictionlog;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties a prediction answer, its log record and later feedback together: the
 * caller's own {@code X-Request-Id} when it is a sane token, else a fresh UUID; and the
 * key a request is routed by.
 */
public final class RequestIds {

	/** The header a caller may name its request by, and serving answers it in. */
	public static final String REQUEST_ID_HEADER = "X-Request-Id";

	/** The header a caller may route by (a user or session id); else its request id. */
	public static final String ROUTING_KEY_HEADER = "X-Routing-Key";

	/** What a request id may be: a token safe in a header, a log line and a key. */
	public static final String RULE = "at most 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	/**
	 * Whether a request id is acceptable.
	 * @param id the id given
	 * @return true when it follows {@link #RULE}
	 */
	public static boolean valid(String id) {
		return id != null && VALID.matcher(id).matches();
	}

	/**
	 * A new request id.
	 * @return a random UUID
	 */
	public static String generate() {
		return UUID.randomUUID().toString();
	}

	/**
	 * The key a request is routed by.
	 * @param header the {@value #ROUTING_KEY_HEADER} header, may be {@code null}
	 * @param requestId the request's id
	 * @return the header when it is not blank, else the request id
	 */
	public static String routingKey(String header, String requestId) {
		return (header != null && !header.isBlank()) ? header : requestId;
	}

}
