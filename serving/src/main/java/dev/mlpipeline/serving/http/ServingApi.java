package dev.mlpipeline.serving.http;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What serving's API is, for its OpenAPI description ({@code /v3/api-docs}, checked in as
 * {@code docs/openapi/serving.json}); each feature describes its own routes.
 */
@Configuration(proxyBeanMethods = false)
class ServingApi {

	@Bean
	OpenAPI servingApiInfo() {
		return new OpenAPI().info(new Info().title("serving")
			.version("1")
			.description("Scores rows with the production model of the registry, hot-swapped on promotion. A"
					+ " method a path does not take is answered 405 with Allow and a ServingError. Open by default;"
					+ " with SERVING_REQUIRE_AUTH=true every endpoint here needs the predictor role (the description"
					+ " an instance serves says so)."));
	}

}
