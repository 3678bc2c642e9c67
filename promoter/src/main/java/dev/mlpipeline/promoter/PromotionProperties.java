package dev.mlpipeline.promoter;

import java.time.Duration;
import java.util.Map;

import dev.mlpipeline.promoter.policy.PolicyOverrides;
import dev.mlpipeline.promoter.policy.PolicySettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The promoter's settings under {@code promotion}: what production means in the registry
 * and the promotion policy, with defaults for every model and per-model overrides.
 *
 * @param alias the registry alias of the production version
 * @param previousAlias the alias kept on the version the last promotion replaced, the
 * target of a rollback
 * @param challengerAlias the registry alias of the version in a staged rollout, served
 * beside the champion as its {@code rollout} tag says
 * @param stage the registry stage of the production version (older holders are archived)
 * @param defaults the policy of every model without overrides
 * @param models per-model overrides of the defaults, by registered model name
 * @param registryThreads size of the worker pool that runs MLflow calls for the REST API
 * @param outbox how the events of recorded decisions are relayed to Kafka
 */
@ConfigurationProperties("promotion")
@Validated
public record PromotionProperties(@NotBlank @DefaultValue("champion") String alias,
		@NotBlank @DefaultValue("previous-champion") String previousAlias,
		@NotBlank @DefaultValue("challenger") String challengerAlias,
		@NotBlank @DefaultValue("Production") String stage, @Valid @NotNull @DefaultValue PolicySettings defaults,
		Map<String, @Valid PolicyOverrides> models, @Min(1) @DefaultValue("4") int registryThreads,
		@Valid @NotNull @DefaultValue OutboxProperties outbox) {

	public PromotionProperties {
		models = (models != null) ? Map.copyOf(models) : Map.of();
	}

	/**
	 * The policy of one model: the defaults with the model's overrides applied.
	 * @param model the registered model name
	 * @return the model's policy
	 */
	public PolicySettings policyFor(String model) {
		return this.defaults.with(this.models.get(model));
	}

	/**
	 * Settings of the outbox relay, under {@code promotion.outbox}.
	 *
	 * @param relayInterval pause between two scans of the registry for events not yet
	 * acknowledged by Kafka (the relay also runs at start and right after each decision)
	 * @param publishWait how long a decision waits for Kafka to acknowledge its events
	 * before it is answered with {@code "events": "pending"} (the relay keeps trying)
	 */
	public record OutboxProperties(@NotNull @DefaultValue("30s") Duration relayInterval,
			@NotNull @DefaultValue("5s") Duration publishWait) {
	}

}
