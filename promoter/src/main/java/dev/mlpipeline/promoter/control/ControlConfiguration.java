package dev.mlpipeline.promoter.control;

import dev.mlpipeline.promoter.PromotionProperties;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;

/**
 * Gives the REST API its access rules and a bounded worker pool for its blocking MLflow
 * calls, so they never run on the Netty event loop.
 */
@Configuration(proxyBeanMethods = false)
class ControlConfiguration {

	/** Requests waiting for a worker before new ones are refused. */
	private static final int QUEUED_TASKS = 1000;

	/**
	 * Who may use the control API: promoting, rolling back, staging and aborting a
	 * rollout need the operator role (as does any other change, by default), reading the
	 * viewer role.
	 */
	@Bean
	AccessRules accessRules() {
		return AccessRules.builder()
			.require(PipelineRole.OPERATOR, HttpMethod.POST, "/models/{name}/versions/{version}/promote",
					"/models/{name}/rollback", "/models/{name}/versions/{version}/rollout",
					"/models/{name}/rollout/abort", "/models/{name}/versions/{version}/reject")
			.build();
	}

	/**
	 * What the promoter's API is, for its OpenAPI description ({@code /v3/api-docs},
	 * checked in as {@code docs/openapi/promoter.json}).
	 */
	@Bean
	OpenAPI promoterApi() {
		return new OpenAPI().info(new Info().title("promoter")
			.version("1")
			.description("The operator's controls over production: each model's state and decision history,"
					+ " manual promotion, rollback, rejection and rollouts, live stats and serving replicas, and the"
					+ " dashboard's data."));
	}

	@Bean(destroyMethod = "dispose")
	Scheduler registryScheduler(PromotionProperties properties) {
		return Schedulers.newBoundedElastic(properties.registryThreads(), QUEUED_TASKS, "registry");
	}

}
