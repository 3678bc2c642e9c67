package dev.mlpipeline.kafka.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code pipeline.event.signing-key} has a value: each app maps it from
 * {@code PIPELINE_EVENT_SIGNING_KEY} with an empty default, which means "not signed".
 */
class SigningKeyCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty("pipeline.event.signing-key"))
				? ConditionOutcome.match("pipeline.event.signing-key is set")
				: ConditionOutcome.noMatch("pipeline.event.signing-key is not set");
	}

}
