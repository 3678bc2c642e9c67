package dev.mlpipeline.serving.prediction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a prediction request's body within {@code serving.max-body-bytes}, decoding gzip
 * within the same limit (so a small zip bomb is as refused as a large body), and reads to
 * its end, up to {@code serving.max-discard-bytes}, a body it refuses: a client that
 * writes its whole body before it reads, as most HTTP libraries do, can then read the
 * refusal instead of meeting a reset connection (what nginx's lingering close is for).
 */
final class BodyReader {

	static final String ACCEPTED_ENCODINGS = "gzip";

	private final int maxBodyBytes;

	private final long maxDiscardBytes;

	BodyReader(DataSize maxBodyBytes, DataSize maxDiscardBytes) {
		this.maxBodyBytes = Math.toIntExact(maxBodyBytes.toBytes());
		this.maxDiscardBytes = maxDiscardBytes.toBytes();
	}

	/**
	 * Whether the body is gzip, refusing any coding but gzip and identity.
	 * @param request the request
	 * @return true when the body is to be gunzipped
	 * @throws InvalidRequestException (415) for any other coding, or more than one
	 */
	static boolean gzip(ServerRequest request) {
		List<String> codings = new ArrayList<>();
		for (String header : request.headers().header(HttpHeaders.CONTENT_ENCODING)) {
			for (String coding : header.split(",")) {
				String name = coding.trim().toLowerCase(Locale.ROOT);
				if (!name.isEmpty() && !name.equals("identity")) {
					codings.add(name);
				}
			}
		}
		if (codings.isEmpty()) {
			return false;
		}
		if (codings.size() == 1 && (codings.get(0).equals("gzip") || codings.get(0).equals("x-gzip"))) {
			return true;
		}
		String shown = String.join(", ", codings);
		shown = (shown.length() > 100) ? shown.substring(0, 100) + "..." : shown;
		throw new InvalidRequestException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_encoding",
				"unsupported_encoding",
				"the body may be sent as is or with Content-Encoding " + ACCEPTED_ENCODINGS + ", not '" + shown + "'",
				null, null);
	}

	/**
	 * A refusal of a body announced larger than the limit, before any of it is read.
	 * @param request the request
	 * @return the refusal, or null when the announced length (if any) is within it
	 */
	InvalidRequestException announcedTooLarge(ServerRequest request) {
		long length = request.headers().contentLength().orElse(-1);
		return (length > this.maxBodyBytes) ? tooLarge() : null;
	}

	/**
	 * Whether the body can be read to its end before a refusal is answered: it is not
	 * announced beyond the discard bound, and the client is not waiting for a
	 * {@code 100 Continue} that a refusal replaces (it sends no body then).
	 * @param request the request
	 * @return true when reading the body first lets the client read the refusal
	 */
	boolean drainable(ServerRequest request) {
		String expect = request.headers().firstHeader(HttpHeaders.EXPECT);
		return request.headers().contentLength().orElse(-1) <= this.maxDiscardBytes
				&& !"100-continue".equalsIgnoreCase((expect != null) ? expect.trim() : null);
	}

	/**
	 * The body, decoded when gzip.
	 * @param request the request
	 * @param gzip whether the body is gzip
	 * @return the body's bytes (empty when there is none); fails with a 413 when it is
	 * larger than the limit as sent or as decoded, after reading it to its end when that
	 * is within the discard bound, else as soon as it passes the bound, answered with
	 * {@code Connection: close}
	 */
	Mono<byte[]> read(ServerRequest request, boolean gzip) {
		return Mono.defer(() -> {
			Received received = new Received(this.maxBodyBytes);
			return request.body(BodyExtractors.toDataBuffers())
				.doOnNext(received::add)
				.then(Mono.fromCallable(() -> (gzip) ? gunzip(received.bytes()) : received.bytes()));
		});
	}

	/**
	 * Reads the body to its end, keeping nothing.
	 * @param request the request
	 * @return completes at the body's end; fails with a 413 that closes the connection
	 * when the body passes the discard bound
	 */
	Mono<Void> discard(ServerRequest request) {
		return Mono.defer(() -> {
			Received received = new Received(-1);
			return request.body(BodyExtractors.toDataBuffers()).doOnNext(received::add).then();
		});
	}

	private InvalidRequestException tooLarge() {
		return InvalidRequestException
			.bodyTooLarge("the request body is larger than the " + this.maxBodyBytes + " bytes the server accepts");
	}

	private byte[] gunzip(byte[] compressed) {
		if (compressed.length == 0) {
			return compressed;
		}
		ByteArrayOutputStream decoded = new ByteArrayOutputStream();
		byte[] chunk = new byte[8192];
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
			for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
				if (decoded.size() + n > this.maxBodyBytes) {
					throw InvalidRequestException.bodyTooLarge("the request body decodes to more than the "
							+ this.maxBodyBytes + " bytes the server accepts");
				}
				decoded.write(chunk, 0, n);
			}
		}
		catch (IOException ex) {
			throw new InvalidRequestException(HttpStatus.BAD_REQUEST, "malformed_encoding", "malformed_encoding",
					"the body is not valid gzip: " + ex.getMessage(), null, null);
		}
		return decoded.toByteArray();
	}

	/**
	 * What has arrived of one body: kept up to the limit, only counted beyond it, and
	 * refused with the connection closed beyond the discard bound.
	 */
	private final class Received {

		private final int keep;

		private ByteArrayOutputStream kept = new ByteArrayOutputStream();

		private long count;

		Received(int keep) {
			this.keep = keep;
		}

		void add(DataBuffer buffer) {
			try {
				int size = buffer.readableByteCount();
				this.count += size;
				if (this.count > BodyReader.this.maxDiscardBytes) {
					throw tooLarge().closingConnection();
				}
				if (this.kept != null && this.count <= this.keep) {
					byte[] bytes = new byte[size];
					buffer.read(bytes);
					this.kept.writeBytes(bytes);
				}
				else {
					this.kept = null;
				}
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

		byte[] bytes() {
			if (this.kept == null) {
				throw tooLarge();
			}
			return this.kept.toByteArray();
		}

	}

}
