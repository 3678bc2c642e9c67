package dev.mlpipeline.trainer;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.mlpipeline.trainer.champion.ChampionSettings;

/**
 * Settings of the trainer, under {@code trainer}.
 *
 * @param dataDir directory that {@code file:} data sets are resolved in
 * ({@code TRAINER_DATA_DIR}); nothing outside it is ever read
 * @param workers size of the bounded worker pool that runs Weka and blocking MLflow calls
 * @param maxTrainingTime longest a job may train and evaluate before it is failed; kept
 * below the consumer's {@code max.poll.interval.ms} so a slow job never gets the consumer
 * evicted from its group
 * @param registrationTimeout how long a new model version may take to become READY
 * @param invalidJobsExperiment experiment that records jobs arriving without a usable
 * model name
 * @param wekaHome directory Weka may write its settings to (instead of
 * {@code ~/wekafiles}); {@code WEKA_HOME} or the temp dir when unset
 * @param publish how {@code POST /jobs} puts a job on Kafka and how long it waits
 * @param champion which version a candidate is compared with on its own data
 * @param cost how the scoring cost of the candidate and the champion is measured
 */
@Validated
@ConfigurationProperties("trainer")
public record TrainerProperties(@DefaultValue("./data") @NotNull Path dataDir,
		@DefaultValue("2") @Min(1) @Max(64) int workers, @DefaultValue("25m") @NotNull Duration maxTrainingTime,
		@DefaultValue("2m") @NotNull Duration registrationTimeout,
		@DefaultValue("trainer-invalid-jobs") @NotBlank String invalidJobsExperiment, Path wekaHome,
		@DefaultValue @NotNull Publish publish, @DefaultValue @NotNull @Valid ChampionSettings champion,
		@DefaultValue @NotNull @Valid Cost cost) {

	/**
	 * Weka's home directory: the configured one, else the {@code WEKA_HOME} environment
	 * variable, else {@code wekafiles} in the temp dir.
	 * @return the directory
	 */
	public Path wekaHomeOrDefault() {
		if (this.wekaHome != null) {
			return this.wekaHome;
		}
		String env = System.getenv("WEKA_HOME");
		return (env != null && !env.isBlank()) ? Path.of(env)
				: Path.of(System.getProperty("java.io.tmpdir"), "wekafiles");
	}

	/**
	 * The producer {@code POST /jobs} publishes through, and how long the answer waits.
	 * The answer waits longer than the producer may take ({@code maxBlock} to hand the
	 * record over, then {@code deliveryTimeout} until the broker acknowledges it or the
	 * producer gives it up), so a {@code 503} is only ever said about a record the
	 * producer has abandoned: it is never delivered later behind the client's back.
	 *
	 * @param maxBlock longest {@code send()} may block, for metadata or buffer space
	 * ({@code max.block.ms})
	 * @param requestTimeout longest one produce request may wait for the broker
	 * ({@code request.timeout.ms})
	 * @param linger how long a record may wait for others to batch with
	 * ({@code linger.ms})
	 * @param deliveryTimeout longest from the handing over of a record until it is
	 * acknowledged or given up ({@code delivery.timeout.ms}); at least {@code linger}
	 * plus {@code requestTimeout}, as Kafka requires
	 * @param answerTimeout how long {@code POST /jobs} waits for the outcome; more than
	 * {@code maxBlock} plus {@code deliveryTimeout}
	 */
	public record Publish(@DefaultValue("5s") @NotNull Duration maxBlock,
			@DefaultValue("5s") @NotNull Duration requestTimeout, @DefaultValue("5ms") @NotNull Duration linger,
			@DefaultValue("10s") @NotNull Duration deliveryTimeout,
			@DefaultValue("20s") @NotNull Duration answerTimeout) {

		public Publish {
			if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
				throw new IllegalArgumentException("trainer.publish.delivery-timeout (" + deliveryTimeout
						+ ") must be at least linger + request-timeout (" + linger.plus(requestTimeout) + ")");
			}
			if (answerTimeout.compareTo(maxBlock.plus(deliveryTimeout)) <= 0) {
				throw new IllegalArgumentException("trainer.publish.answer-timeout (" + answerTimeout
						+ ") must be longer than max-block + delivery-timeout (" + maxBlock.plus(deliveryTimeout)
						+ "), or a 503 could be said about a record still on its way");
			}
		}

	}

	/**
	 * How a model's scoring cost is measured: one thread scores the job's rows one at a
	 * time, first a warm-up, then the timed rows whose latencies give the p50 and p99.
	 *
	 * @param warmupRows rows scored before timing starts
	 * @param timedRows rows timed (the job's rows, cycled when there are fewer)
	 */
	public record Cost(@DefaultValue("500") @Min(0) int warmupRows, @DefaultValue("2000") @Min(1) int timedRows) {
	}

}
