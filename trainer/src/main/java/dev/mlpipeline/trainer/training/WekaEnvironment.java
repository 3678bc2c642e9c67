package dev.mlpipeline.trainer.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares the JVM for Weka before the first classifier is touched: pure-Java BLAS (the
 * native netlib jars are excluded), direct class loading by name (works inside a Spring
 * Boot jar), a writable Weka home instead of {@code ~/wekafiles}, and headless AWT for
 * drawing confusion matrices on a server.
 */
public final class WekaEnvironment {

	private WekaEnvironment() {
	}

	/**
	 * Sets the system properties Weka reads, keeping any value given on the command line.
	 * @param wekaHome directory Weka may write to
	 */
	public static void configure(Path wekaHome) {
		setIfAbsent("com.github.fommil.netlib.BLAS", "com.github.fommil.netlib.F2jBLAS");
		setIfAbsent("com.github.fommil.netlib.LAPACK", "com.github.fommil.netlib.F2jLAPACK");
		setIfAbsent("com.github.fommil.netlib.ARPACK", "com.github.fommil.netlib.F2jARPACK");
		setIfAbsent("java.awt.headless", "true");
		// Weka's forName otherwise matches scheme names through class-path discovery,
		// which
		// finds nothing inside a Spring Boot jar ("Can't find a permissible class
		// called");
		// with this switch it loads the named class directly
		setIfAbsent("weka.test.maventest", "true");
		try {
			Files.createDirectories(wekaHome);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create WEKA_HOME " + wekaHome, ex);
		}
		setIfAbsent("WEKA_HOME", wekaHome.toAbsolutePath().toString());
	}

	private static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, value);
		}
	}

}
