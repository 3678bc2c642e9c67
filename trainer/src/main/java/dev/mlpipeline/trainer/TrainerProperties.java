package dev.mlpipeline.trainer;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
 */
@Validated
@ConfigurationProperties("trainer")
public record TrainerProperties(@DefaultValue("./data") @NotNull Path dataDir,
		@DefaultValue("2") @Min(1) @Max(64) int workers, @DefaultValue("25m") @NotNull Duration maxTrainingTime,
		@DefaultValue("2m") @NotNull Duration registrationTimeout,
		@DefaultValue("trainer-invalid-jobs") @NotBlank String invalidJobsExperiment, Path wekaHome) {

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

}
