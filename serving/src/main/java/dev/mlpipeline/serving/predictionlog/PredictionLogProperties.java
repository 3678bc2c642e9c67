package dev.mlpipeline.serving.predictionlog;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much of serving's traffic goes to the prediction log and how long its producer may
 * wait, bound from {@code serving.prediction-log.*}.
 *
 * @param sample the share of requests logged, from 0 (none) to 1 (every one)
 * ({@code SERVING_PREDICTION_LOG_SAMPLE})
 * @param buffer the most requests waiting to be sent; a request logged beyond it is
 * dropped and counted
 * @param bufferRows the most rows those requests may carry together (a few large batches
 * must not fill the heap either); beyond it a request is dropped and counted
 * @param sendTimeout the longest the log's producer blocks for metadata or buffer space,
 * and waits for one produce request; a record is given up after twice this, and
 * {@code POST /feedback} answers 503 once its event is
 */
@Validated
@ConfigurationProperties("serving.prediction-log")
record PredictionLogProperties(@DefaultValue("1.0") double sample, @Min(1) @DefaultValue("10000") int buffer,
		@Min(1) @DefaultValue("20000") int bufferRows, @NotNull @DefaultValue("5s") Duration sendTimeout) {

	/** Kafka's linger of the log's producer, within which records are batched. */
	static final Duration LINGER = Duration.ofMillis(5);

	PredictionLogProperties {
		if (!(sample >= 0 && sample <= 1)) {
			throw new IllegalArgumentException(
					"serving.prediction-log.sample must be between 0 and 1 (SERVING_PREDICTION_LOG_SAMPLE), not "
							+ sample);
		}
		if (sendTimeout != null && sendTimeout.compareTo(LINGER.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("serving.prediction-log.send-timeout must be at least "
					+ LINGER.multipliedBy(2).toMillis() + " ms, not " + sendTimeout);
		}
	}

	/**
	 * How long a record may take from being handed over to being acknowledged or given up
	 * ({@code delivery.timeout.ms}).
	 * @return twice the send timeout
	 */
	Duration deliveryTimeout() {
		return this.sendTimeout.multipliedBy(2);
	}

	/**
	 * How long {@code POST /feedback} waits for its event: longer than the producer may
	 * take, so a 503 is only said about an event the producer has given up.
	 * @return the wait
	 */
	Duration feedbackWait() {
		return this.sendTimeout.plus(deliveryTimeout()).plusSeconds(1);
	}

}
