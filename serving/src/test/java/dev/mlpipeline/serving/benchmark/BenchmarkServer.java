package dev.mlpipeline.serving.benchmark;

import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.mlpipeline.serving.ServingApplication;

/**
 * The serving application plus the no-op endpoint, started by the benchmark in a JVM of
 * its own so its requests per second and resident memory are its own.
 */
final class BenchmarkServer {

	private BenchmarkServer() {
	}

	public static void main(String[] args) {
		if (System.getProperty("WEKA_HOME") == null) {
			System.setProperty("WEKA_HOME", System.getProperty("java.io.tmpdir") + "/wekafiles");
		}
		new SpringApplicationBuilder(ServingApplication.class, NoopEndpoint.class).run(args);
	}

}
