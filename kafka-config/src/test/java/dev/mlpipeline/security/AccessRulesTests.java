package dev.mlpipeline.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class AccessRulesTests {

	private final AccessRules rules = AccessRules.builder()
		.require(PipelineRole.TRAINER, HttpMethod.POST, "/jobs")
		.open(HttpMethod.POST, "/predict")
		.build();

	@Test
	void requiresTheRoleOfTheFirstMatchingRule() {
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/jobs")).contains(PipelineRole.TRAINER);
	}

	@Test
	void leavesAnOpenedPathOpen() {
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/predict")).isEmpty();
	}

	@Test
	void requiresViewerForAnyOtherRead() {
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/jobs/42")).contains(PipelineRole.VIEWER);
		assertThat(this.rules.requiredRole(HttpMethod.HEAD, "/models/iris")).contains(PipelineRole.VIEWER);
	}

	@Test
	void requiresOperatorForAnyOtherChange() {
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/models/iris/rollback")).contains(PipelineRole.OPERATOR);
		assertThat(this.rules.requiredRole(HttpMethod.DELETE, "/jobs")).contains(PipelineRole.OPERATOR);
		assertThat(this.rules.requiredRole(HttpMethod.PUT, "/predict")).contains(PipelineRole.OPERATOR);
	}

	@Test
	void opensTheActuatorsHealthInfoAndPrometheusOnly() {
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/actuator/health")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/actuator/health/readiness")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/actuator/info")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/actuator/prometheus")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/actuator/env")).contains(PipelineRole.VIEWER);
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/actuator/health")).contains(PipelineRole.OPERATOR);
	}

	@Test
	void opensTheOpenApiDescriptionToReadsOnly() {
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/v3/api-docs")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.HEAD, "/v3/api-docs")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/v3/api-docs.yaml")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/v3/api-docs/swagger-config")).isEmpty();
		assertThat(this.rules.requiredRole(HttpMethod.POST, "/v3/api-docs")).contains(PipelineRole.OPERATOR);
		assertThat(this.rules.requiredRole(HttpMethod.GET, "/v3/other")).contains(PipelineRole.VIEWER);
	}

	@Test
	void matchesPathPatternsWithVariables() {
		AccessRules approvals = AccessRules.builder().require(PipelineRole.OPERATOR, null, "/models/{name}/**").build();
		assertThat(approvals.requiredRole(HttpMethod.GET, "/models/iris/decisions")).contains(PipelineRole.OPERATOR);
		assertThat(approvals.requiredRole(HttpMethod.GET, "/jobs/1")).contains(PipelineRole.VIEWER);
	}

}
