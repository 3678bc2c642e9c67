package dev.mlpipeline.kafka.serde;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON dialect of the pipeline's events: ISO-8601 instants, unknown fields ignored so
 * payloads can grow, and no Java type information on the wire.
 */
public final class EventJson {

	private EventJson() {
	}

	/**
	 * A mapper configured for event payloads.
	 * @return a new, immutable mapper
	 */
	public static JsonMapper mapper() {
		return JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.build();
	}

}
