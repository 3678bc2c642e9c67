package dev.mlpipeline.promoter.control;

import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import org.springframework.boot.jackson.JacksonComponent;
import org.springframework.util.unit.DataSize;

/**
 * A size in the promoter's answers (a policy's {@code maxModelBytes}) as its number of
 * bytes: Jackson alone writes a {@link DataSize} as the bean {@code {"negative":false}}.
 * The OpenAPI description says the same.
 */
@JacksonComponent
class DataSizeJson extends ValueSerializer<DataSize> {

	static {
		SpringDocUtils.getConfig().replaceWithClass(DataSize.class, Long.class);
	}

	@Override
	public void serialize(DataSize size, JsonGenerator json, SerializationContext context) {
		json.writeNumber(size.toBytes());
	}

	@Override
	public Class<?> handledType() {
		return DataSize.class;
	}

}
