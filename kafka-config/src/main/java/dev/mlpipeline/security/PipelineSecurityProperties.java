package dev.mlpipeline.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the HTTP access control, under {@code pipeline.security}.
 *
 * @param users the users, {@code PIPELINE_USERS}: comma-separated
 * {@code name:password:role+role} entries ({@link PipelineUsers}); none means no one can
 * sign in and every endpoint that needs a role answers 401
 * @param realm the realm named in the {@code WWW-Authenticate} challenge
 */
@ConfigurationProperties("pipeline.security")
public record PipelineSecurityProperties(String users, String realm) {

	public PipelineSecurityProperties {
		realm = (realm == null || realm.isBlank()) ? "pipeline" : realm;
	}

}
