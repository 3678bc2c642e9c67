package dev.mlpipeline.serving;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.mlpipeline.mlflow.model.ProcessSerialFilter;

/**
 * Boots the reactive serving service that answers predictions with the production model
 * and swaps it when a promotion happens.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ServingApplication {

	public static void main(String[] args) {
		// before anything deserializes: the JDK fixes the filter factory at the first
		// stream
		ProcessSerialFilter.install();
		// Weka writes its package home under ~/wekafiles unless told otherwise
		if (System.getProperty("WEKA_HOME") == null && System.getenv("WEKA_HOME") == null) {
			System.setProperty("WEKA_HOME", System.getProperty("java.io.tmpdir") + "/wekafiles");
		}
		// pure-Java BLAS for models whose scoring uses linear algebra (the native jars
		// are
		// excluded)
		setIfAbsent("com.github.fommil.netlib.BLAS", "com.github.fommil.netlib.F2jBLAS");
		setIfAbsent("com.github.fommil.netlib.LAPACK", "com.github.fommil.netlib.F2jLAPACK");
		setIfAbsent("com.github.fommil.netlib.ARPACK", "com.github.fommil.netlib.F2jARPACK");
		SpringApplication.run(ServingApplication.class, args);
	}

	private static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
