package dev.mlpipeline.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * An OTLP/HTTP trace receiver on loopback, as a collector would be: it takes the protobuf
 * {@code POST /v1/traces} the apps' exporters send and keeps every span.
 */
final class OtlpReceiver implements AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/traces", this::receive);
		this.server.start();
	}

	/**
	 * The endpoint to give {@code MANAGEMENT_OTLP_TRACING_ENDPOINT}.
	 * @return the URL of {@code /v1/traces}
	 */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	List<ReceivedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	Optional<ReceivedSpan> find(String name, String attribute, String value) {
		return this.spans.stream()
			.filter((span) -> span.name().equals(name) && value.equals(span.attributes().get(attribute)))
			.findFirst();
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
			for (ResourceSpans resource : request.getResourceSpansList()) {
				String service = text(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
				for (ScopeSpans scope : resource.getScopeSpansList()) {
					for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
						this.spans.add(new ReceivedSpan(service, HEX.formatHex(span.getTraceId().toByteArray()),
								HEX.formatHex(span.getSpanId().toByteArray()),
								HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(),
								span.getKind().name().replace("SPAN_KIND_", ""), text(span.getAttributesList())));
					}
				}
			}
			byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
	}

	private static Map<String, String> text(List<KeyValue> attributes) {
		Map<String, String> values = new LinkedHashMap<>();
		for (KeyValue attribute : attributes) {
			AnyValue value = attribute.getValue();
			values.put(attribute.getKey(), switch (value.getValueCase()) {
				case STRING_VALUE -> value.getStringValue();
				case BOOL_VALUE -> String.valueOf(value.getBoolValue());
				case INT_VALUE -> String.valueOf(value.getIntValue());
				case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
				default -> value.toString();
			});
		}
		return values;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One span as exported.
	 *
	 * @param service the exporting app's {@code service.name}
	 * @param traceId hex
	 * @param spanId hex
	 * @param parentSpanId hex, empty for a root
	 * @param name the span name
	 * @param kind SERVER, CLIENT, PRODUCER, CONSUMER or INTERNAL (OTLP's
	 * {@code SPAN_KIND_} prefix dropped)
	 * @param attributes the tags
	 */
	record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
			Map<String, String> attributes) {

		boolean isRoot() {
			return this.parentSpanId.isEmpty();
		}

		@Override
		public String toString() {
			return this.service + " " + this.kind + " '" + this.name + "' " + this.spanId + " <- "
					+ (isRoot() ? "root" : this.parentSpanId) + " " + this.attributes;
		}

	}

	static List<String> describe(List<ReceivedSpan> spans) {
		List<String> lines = new ArrayList<>();
		spans.forEach((span) -> lines.add(span.toString()));
		return lines;
	}

}
