package dev.mlpipeline.serving;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Boots the reactive serving service that answers predictions with the production model
 * and swaps it when a promotion happens.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ServingApplication {

	public static void main(String[] args) {
		// Weka writes its package home under ~/wekafiles unless told otherwise
		if (System.getProperty("WEKA_HOME") == null && System.getenv("WEKA_HOME") == null) {
			System.setProperty("WEKA_HOME", System.getProperty("java.io.tmpdir") + "/wekafiles");
		}
		SpringApplication.run(ServingApplication.class, args);
	}

}
