package dev.mlpipeline.trainer;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import dev.mlpipeline.mlflow.model.ProcessSerialFilter;

/**
 * Starts the trainer: consumes training jobs, trains and evaluates Weka models, records
 * and registers them in MLflow, and publishes jobs through {@code POST /jobs}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrainerApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		// before anything deserializes: the JDK fixes the filter factory at the first
		// stream
		ProcessSerialFilter.install();
		SpringApplication.run(TrainerApplication.class, args);
	}

}
