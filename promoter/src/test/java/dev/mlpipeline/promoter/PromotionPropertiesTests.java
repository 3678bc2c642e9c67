package dev.mlpipeline.promoter;

import java.time.Duration;
import java.util.Map;

import dev.mlpipeline.promoter.live.LiveGateSettings;
import dev.mlpipeline.promoter.policy.PolicySettings;
import dev.mlpipeline.promoter.rollout.RolloutMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaultsMatchTheDesignBrief() {
		this.runner.run((context) -> {
			PromotionProperties properties = context.getBean(PromotionProperties.class);
			assertThat(properties.alias()).isEqualTo("champion");
			assertThat(properties.previousAlias()).isEqualTo("previous-champion");
			assertThat(properties.stage()).isEqualTo("Production");
			assertThat(properties.defaults()).isEqualTo(new PolicySettings("accuracy", true, 0.8, 0.01, 0, Map.of(),
					false, false, 0.05, null, null, null, null, 10, null, null));
		});
	}

	@Test
	void aModelOverridesOnlyWhatItNames() {
		this.runner
			.withPropertyValues("promotion.defaults.min-value=0.7", "promotion.models.credit.metric=kappa",
					"promotion.models.credit.floors.accuracy=0.75", "promotion.models.credit.manual-approval=true")
			.run((context) -> {
				PromotionProperties properties = context.getBean(PromotionProperties.class);
				assertThat(properties.policyFor("credit")).isEqualTo(new PolicySettings("kappa", true, 0.7, 0.01, 0,
						Map.of("accuracy", 0.75), true, false, 0.05, null, null, null, null, 10, null, null));
				assertThat(properties.policyFor("iris").metric()).isEqualTo("accuracy");
			});
	}

	@Test
	void aModelStagesItsRolloutWithLiveGatesOfItsOwnAndKeepsTheDefaultsItDoesNotName() {
		this.runner
			.withPropertyValues("promotion.defaults.live.max-error-rate=0.02", "promotion.defaults.watch=10m",
					"promotion.models.credit.rollout=shadow-then-canary", "promotion.models.credit.canary-percent=25",
					"promotion.models.credit.live.min-requests=50", "promotion.models.credit.live.min-agreement=0.9")
			.run((context) -> {
				PromotionProperties properties = context.getBean(PromotionProperties.class);
				PolicySettings credit = properties.policyFor("credit");
				assertThat(credit.rollout()).isEqualTo(RolloutMode.SHADOW_THEN_CANARY);
				assertThat(credit.canaryPercent()).isEqualTo(25);
				assertThat(credit.watch()).isEqualTo(Duration.ofMinutes(10));
				assertThat(credit.live()).isEqualTo(new LiveGateSettings(50, Duration.ofMinutes(5), Duration.ofHours(1),
						0.02, null, null, 0.9, 100, null, null));
				PolicySettings iris = properties.policyFor("iris");
				assertThat(iris.rollout()).isEqualTo(RolloutMode.DIRECT);
				assertThat(iris.live().minRequests()).isEqualTo(500);
				assertThat(iris.live().minAgreement()).isNull();
				assertThat(properties.challengerAlias()).isEqualTo("challenger");
			});
	}

	@Test
	void aRolloutOrLiveGateOutOfRangeIsRefused() {
		this.runner.withPropertyValues("promotion.defaults.rollout=sideways")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("promotion.models.credit.canary-percent=0")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("promotion.models.credit.live.max-error-rate=1.5")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("promotion.defaults.live.min-agreement=-0.1")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void aNegativeImprovementIsRefused() {
		this.runner.withPropertyValues("promotion.defaults.min-improvement=-0.1")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("promotion.models.credit.min-improvement=-0.1")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("promotion.alias=").run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PromotionProperties.class)
	static class Config {

	}

}
