package dev.mlpipeline.promoter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.mlpipeline.mlflow.model.ProcessSerialFilter;

/**
 * The promoter: listens for registered versions, applies the promotion policy, moves
 * winners to production in the MLflow registry and audits every decision.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PromoterApplication {

	public static void main(String[] args) {
		// before anything deserializes: the JDK fixes the filter factory at the first
		// stream
		ProcessSerialFilter.install();
		SpringApplication.run(PromoterApplication.class, args);
	}

}
