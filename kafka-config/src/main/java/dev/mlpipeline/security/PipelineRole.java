package dev.mlpipeline.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles of the pipeline's HTTP APIs, as named in {@code PIPELINE_USERS}: who may
 * read, who may publish training jobs, who may change production, who may score.
 */
public enum PipelineRole {

	/** Every {@code GET} of the trainer and the promoter. */
	VIEWER,

	/** {@code POST /jobs}: publishing a training job. */
	TRAINER,

	/** Promote, roll back, approve and every later control action; implies viewer. */
	OPERATOR,

	/** Serving's scoring endpoints when {@code SERVING_REQUIRE_AUTH=true}. */
	PREDICTOR;

	/**
	 * The role's name in configuration and in answers.
	 * @return the lower-case name, {@code operator}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The Spring Security authority a user with this role holds.
	 * @return {@code ROLE_operator}
	 */
	public String authority() {
		return "ROLE_" + id();
	}

	/**
	 * The roles a user given this role holds: itself, and viewer for an operator.
	 * @return the roles
	 */
	public Set<PipelineRole> implied() {
		return (this == OPERATOR) ? EnumSet.of(OPERATOR, VIEWER) : EnumSet.of(this);
	}

	/**
	 * The role named in configuration.
	 * @param id a role name, any case
	 * @return the role
	 * @throws IllegalArgumentException when no role has that name
	 */
	public static PipelineRole of(String id) {
		return Arrays.stream(values())
			.filter((role) -> role.id().equalsIgnoreCase(id.trim()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown role '" + id + "'; roles are " + ids()));
	}

	static String ids() {
		return Arrays.stream(values()).map(PipelineRole::id).collect(Collectors.joining(", "));
	}

}
