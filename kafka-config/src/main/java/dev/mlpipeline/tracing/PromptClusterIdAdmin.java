package dev.mlpipeline.tracing;

import java.util.concurrent.Executor;

import org.springframework.kafka.core.KafkaAdmin;

/**
 * A {@link KafkaAdmin} that only serves a template's observations: it answers the cluster
 * id from a {@link ClusterIdSource} that asks the app's admin in the background. It is
 * never a bean, so it creates no topics.
 */
class PromptClusterIdAdmin extends KafkaAdmin {

	private final ClusterIdSource source;

	PromptClusterIdAdmin(KafkaAdmin admin, Executor background) {
		super(admin.getConfigurationProperties());
		setOperationTimeout(admin.getOperationTimeout());
		this.source = new ClusterIdSource(admin::clusterId, background);
	}

	@Override
	public String clusterId() {
		return this.source.current();
	}

}
