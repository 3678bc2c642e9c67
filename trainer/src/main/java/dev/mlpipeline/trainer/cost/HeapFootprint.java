package dev.mlpipeline.trainer.cost;

import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap an object graph retains with JOL, set up so that it never attaches to
 * its own JVM: JOL otherwise loads an agent into it and starts {@code java} processes
 * that attach the Serviceability Agent with ptrace.
 */
final class HeapFootprint {

	/** JOL's switch against loading its agent into this JVM at run time. */
	static final String SKIP_DYNAMIC_ATTACH = "jol.skipDynamicAttach";

	/** JOL's switch against attaching the Serviceability Agent from a child process. */
	static final String SKIP_SA_ATTACH = "jol.skipHotspotSAAttach";

	private HeapFootprint() {
	}

	/**
	 * The bytes of every object reachable from the root through instance fields (static
	 * fields are not followed), each counted once: shallow sizes from the field layout,
	 * aligned as this JVM aligns objects.
	 * @param root the graph's root
	 * @return its total size in bytes
	 * @throws IllegalStateException when JOL cannot lay out an object of the graph:
	 * without an agent it reads field offsets, which the JVM refuses for records and
	 * hidden classes (Weka 3.8's classifiers use neither)
	 */
	static long of(Object root) {
		configure();
		try {
			return GraphLayout.parseInstance(root).totalSize();
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException(
					"cannot measure the heap of " + root.getClass().getName() + ": " + cause.getMessage(), ex);
		}
	}

	private static void configure() {
		// read once, when JOL first looks at the VM; a value
		// given on the command line wins. JOL still prints two
		// "# WARNING" lines to stdout then, once per JVM: no
		// switch of 0.17 quiets them
		setIfAbsent(SKIP_DYNAMIC_ATTACH);
		setIfAbsent(SKIP_SA_ATTACH);
	}

	private static void setIfAbsent(String key) {
		if (System.getProperty(key) == null) {
			System.setProperty(key, "true");
		}
	}

}
