package dev.mlpipeline.e2e;

import java.io.IOException;

/**
 * Whether a program a test can use (Debian's {@code promtool}, say) is installed here.
 */
final class Installed {

	private Installed() {
	}

	/**
	 * Runs the command and tells whether it succeeded.
	 * @param command the program and its arguments, e.g. {@code promtool --version}
	 * @return {@code true} when it ran and exited with 0
	 */
	static boolean command(String... command) {
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start()
				.waitFor() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
