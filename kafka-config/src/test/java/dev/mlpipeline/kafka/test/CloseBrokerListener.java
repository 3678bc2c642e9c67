package dev.mlpipeline.kafka.test;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops the shared broker when the test plan ends; a broker left to JVM exit floods the
 * log with errors from its deleted log directory.
 */
public class CloseBrokerListener implements TestExecutionListener {

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		KafkaBroker.stop();
	}

}
