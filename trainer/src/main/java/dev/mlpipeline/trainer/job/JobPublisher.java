package dev.mlpipeline.trainer.job;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.event.TrainingRequested;
import dev.mlpipeline.trainer.TrainerProperties;
import dev.mlpipeline.tracing.ObservedKafka;

/**
 * Puts a validated job on the training topic, keyed by model name so one model's jobs
 * stay in order, and waits for the broker's acknowledgement before {@code POST /jobs}
 * answers. It has a producer of its own whose every wait is bounded below the answer's
 * ({@link TrainerProperties.Publish}): when it reports a failure, the producer has given
 * the record up and will not deliver it later.
 */
class JobPublisher implements DisposableBean {

	private final ProducerFactory<String, Object> producers;

	private final KafkaTemplate<String, Object> kafka;

	private final TrainerProperties.Publish settings;

	JobPublisher(ProducerFactory<String, Object> base, TrainerProperties.Publish settings, ObservedKafka observed) {
		this.settings = settings;
		this.producers = base
			.copyWithConfigurationOverride(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis(),
					ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis(),
					ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis(),
					ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis()));
		// observed: the job's record carries the trace of its POST /jobs, the root of
		// the promotion's one trace
		this.kafka = observed.observe(new KafkaTemplate<>(this.producers));
	}

	/**
	 * Publishes a job and waits for the broker's acknowledgement.
	 * @param job the validated job
	 * @throws JobNotPublishedException when Kafka did not take it; the producer has
	 * dropped the record
	 */
	void publish(TrainingRequested job) {
		try {
			this.kafka.send(Topics.TRAINING_JOBS, job.modelName(), job)
				.get(this.settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new JobNotPublishedException(job.jobId(), true, "Kafka did not acknowledge the job within "
					+ this.settings.deliveryTimeout().toMillis() + " ms (" + reason(cause) + ")", cause);
		}
		catch (TimeoutException ex) {
			// not expected: the producer's own bounds are shorter than this wait
			throw new JobNotPublishedException(job.jobId(), false,
					"no answer from Kafka within " + this.settings.answerTimeout().toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobNotPublishedException(job.jobId(), false, "interrupted while waiting for Kafka", ex);
		}
		catch (RuntimeException ex) {
			// send() itself failed (no metadata within max.block.ms): nothing was handed
			// over
			throw new JobNotPublishedException(job.jobId(), true, "Kafka could not take the job within "
					+ this.settings.maxBlock().toMillis() + " ms (" + reason(ex) + ")", ex);
		}
	}

	private static String reason(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	@Override
	public void destroy() {
		if (this.producers instanceof DisposableBean disposable) {
			try {
				disposable.destroy();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
