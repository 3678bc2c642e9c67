package dev.mlpipeline.promoter.control;

import dev.mlpipeline.promoter.support.PromoterIntegrationTest;
import dev.mlpipeline.security.AccessRules;
import dev.mlpipeline.security.PipelineRole;
import dev.mlpipeline.security.test.OpenApiContract;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promoter's OpenAPI description: served without credentials, the one checked in as
 * {@code docs/openapi/promoter.json}, and naming the roles the access rules enforce.
 */
class OpenApiContractTests extends PromoterIntegrationTest {

	@Autowired
	private AccessRules rules;

	@Test
	void theServedDescriptionIsTheCheckedInOne() {
		OpenApiContract.assertServedIsCheckedIn(this.anonymous, "promoter");
	}

	@Test
	void eachOperationNamesTheRoleTheAccessRulesRequire() {
		JsonNode description = OpenApiContract.served(this.anonymous);
		assertThat(OpenApiContract.documentedRole(description, "post", "/models/{name}/versions/{version}/promote"))
			.isEqualTo(role(HttpMethod.POST, "/models/iris/versions/3/promote"))
			.isEqualTo("operator");
		assertThat(OpenApiContract.documentedRole(description, "post", "/models/{name}/rollout/abort"))
			.isEqualTo(role(HttpMethod.POST, "/models/iris/rollout/abort"))
			.isEqualTo("operator");
		assertThat(OpenApiContract.documentedRole(description, "get", "/models/{name}/decisions"))
			.isEqualTo(role(HttpMethod.GET, "/models/iris/decisions"))
			.isEqualTo("viewer");
		assertThat(OpenApiContract.documentedRole(description, "get", "/dashboard/events"))
			.isEqualTo(role(HttpMethod.GET, "/dashboard/events"))
			.isEqualTo("viewer");
	}

	private String role(HttpMethod method, String path) {
		return this.rules.requiredRole(method, path).map(PipelineRole::id).orElse(null);
	}

}
