package dev.mlpipeline.serving.http;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;
import dev.mlpipeline.serving.ServingProperties;

/**
 * Who may call serving: the scoring, feedback, health and model endpoints, the default
 * model's and each served model's under {@code /models/{name}} (and any read), are open
 * unless {@code serving.require-auth} asks for the predictor role; any other change needs
 * an operator, as on every app, and the actuator's probes stay open.
 */
@Configuration(proxyBeanMethods = false)
class ServingAccess {

	static final String[] SERVING_PATHS = { "/predict", "/invocations", "/feedback", "/health", "/model",
			"/models/**" };

	@Bean
	AccessRules accessRules(ServingProperties properties) {
		AccessRules.Builder rules = AccessRules.builder();
		if (properties.requireAuth()) {
			return rules.require(PipelineRole.PREDICTOR, null, SERVING_PATHS).build();
		}
		// serving has nothing to read that needs a viewer: an unknown path stays a 404
		return rules.open(null, SERVING_PATHS).open(HttpMethod.GET, "/**").build();
	}

}
