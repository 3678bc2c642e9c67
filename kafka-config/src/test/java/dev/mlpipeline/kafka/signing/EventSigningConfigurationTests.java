package dev.mlpipeline.kafka.signing;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

import dev.mlpipeline.kafka.config.PipelineKafkaAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EventSigningConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineKafkaAutoConfiguration.class, KafkaAutoConfiguration.class))
		.withPropertyValues("pipeline.kafka.create-topics=false");

	@Test
	void withoutAKeyNothingIsSignedOrVerifiedAndOneWarningSaysHowToSetIt(CapturedOutput output) {
		this.runner.withPropertyValues("pipeline.event.signing-key=").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(RecordInterceptor.class);
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties())
				.doesNotContainKeys("interceptor.classes", SigningProducerInterceptor.SIGNATURE_CONFIG);
		});
		assertThat(output.getOut().split("Kafka events are not signed", -1)).hasSize(2);
		assertThat(output.getOut()).contains("PIPELINE_EVENT_SIGNING_KEY");
	}

	@Test
	void withAKeyEveryProducerGetsTheSignerAfterOtherInterceptorsAndListenersTheVerifier(CapturedOutput output) {
		this.runner
			.withPropertyValues("pipeline.event.signing-key=" + SignedEventsTests.KEY,
					"spring.kafka.producer.properties.interceptor.classes=" + NoopInterceptor.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RecordInterceptor.class);
				assertThat(context.getBean(RecordInterceptor.class)).isInstanceOf(SignatureVerifyingInterceptor.class);
				var configs = context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties();
				assertThat(configs.get("interceptor.classes"))
					.isEqualTo(List.of(NoopInterceptor.class.getName(), SigningProducerInterceptor.class));
				assertThat(configs.get(SigningProducerInterceptor.SIGNATURE_CONFIG)).isInstanceOf(EventSignature.class);
			});
		assertThat(output.getOut()).doesNotContain("Kafka events are not signed").doesNotContain(SignedEventsTests.KEY);
	}

	@Test
	void aKeyShorterThan32BytesStopsTheApp() {
		this.runner.withPropertyValues("pipeline.event.signing-key=short-key").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("at least 32");
		});
	}

	@Test
	void aSecondRecordInterceptorStopsTheAppRatherThanSwitchingVerificationOff() {
		this.runner.withPropertyValues("pipeline.event.signing-key=" + SignedEventsTests.KEY)
			.withBean("another", RecordInterceptor.class, () -> (record, consumer) -> record)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("CompositeRecordInterceptor");
			});
	}

	public static class NoopInterceptor
			implements org.apache.kafka.clients.producer.ProducerInterceptor<Object, Object> {

		@Override
		public org.apache.kafka.clients.producer.ProducerRecord<Object, Object> onSend(
				org.apache.kafka.clients.producer.ProducerRecord<Object, Object> record) {
			return record;
		}

		@Override
		public void onAcknowledgement(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
		}

		@Override
		public void close() {
		}

		@Override
		public void configure(java.util.Map<String, ?> configs) {
		}

	}

}
