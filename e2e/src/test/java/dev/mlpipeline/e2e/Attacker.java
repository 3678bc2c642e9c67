package dev.mlpipeline.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import weka.classifiers.Classifier;
import weka.classifiers.misc.InputMappedClassifier;
import weka.classifiers.trees.J48;
import weka.core.Instances;
import weka.core.SerializationHelper;

import dev.mlpipeline.mlflow.Experiment;
import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.mlflow.Run;
import dev.mlpipeline.mlflow.model.ModelArtifacts;
import dev.mlpipeline.mlflow.model.ModelTags;
import dev.mlpipeline.mlflow.model.VerifiedModelFiles;

import static org.awaitility.Awaitility.await;

/**
 * What the hostile test of issue 10 did by hand, as calls: versions planted straight in
 * the registry with honest digests, and records written to the topics by anyone who can
 * reach the broker.
 */
final class Attacker {

	private final Pipeline pipeline;

	Attacker(Pipeline pipeline) {
		this.pipeline = pipeline;
	}

	/**
	 * Registers an {@code InputMappedClassifier} whose model path names a real model file
	 * outside every check: the outer file is honestly hashed, as the attack had it.
	 * @param inner where the inner model is written
	 * @param header the data structure the inner model is trained on
	 * @return the planted version
	 */
	ModelVersion plantWrapper(Path inner, Instances header) throws Exception {
		J48 tree = new J48();
		tree.buildClassifier(header);
		SerializationHelper.writeAll(inner.toString(), new Object[] { tree, new Instances(header, 0) });
		InputMappedClassifier wrapper = new InputMappedClassifier();
		wrapper.setModelPath(inner.toString());
		return plant(wrapper, header, Map.of("metric.accuracy", "0.98"));
	}

	/**
	 * Registers a version whose run logged no metrics.
	 * @return the version
	 */
	ModelVersion plantWithoutMetrics(Instances header) throws Exception {
		J48 tree = new J48();
		tree.buildClassifier(header);
		return plant(tree, header, Map.of());
	}

	private ModelVersion plant(Classifier classifier, Instances data, Map<String, String> extraTags) throws Exception {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		SerializationHelper.writeAll(bytes, new Object[] { classifier, new Instances(data, 0) });
		byte[] file = bytes.toByteArray();
		Experiment experiment = this.pipeline.tracking.getOrCreateExperiment(this.pipeline.model);
		Run run = this.pipeline.tracking.createRun(experiment.id(), "planted", Map.of());
		this.pipeline.artifacts.upload(run.artifactUri(), ModelArtifacts.MODEL_FILE, file);
		Map<String, String> tags = new java.util.HashMap<>(extraTags);
		tags.put(ModelTags.SHA256, VerifiedModelFiles.sha256(file));
		tags.put(ModelTags.ALGORITHM, classifier.getClass().getName());
		ModelVersion version = this.pipeline.registry.createModelVersion(this.pipeline.model,
				run.artifactUri() + "/" + ModelArtifacts.DIRECTORY, run.id(), tags);
		return this.pipeline.registry.awaitReady(this.pipeline.model, version.version(), Duration.ofSeconds(30));
	}

	/**
	 * Writes raw bytes to a topic, keyed as given, signed with the pipeline's key: an
	 * attacker holding the key (a compromised producer) is still not believed over the
	 * registry.
	 */
	void publish(String topic, String key, String json) throws Exception {
		send(Pipeline.signed(topic, key, json.getBytes(StandardCharsets.UTF_8)));
	}

	/** Writes raw bytes to a topic, keyed as given, without a signature. */
	void publishUnsigned(String topic, String key, String json) throws Exception {
		send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8)));
	}

	private void send(ProducerRecord<String, byte[]> record) throws Exception {
		Properties config = new Properties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.pipeline.kafka.bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(record).get();
		}
	}

	/** The first dead-lettered record of a topic with the given key. */
	ConsumerRecord<String, byte[]> deadLetter(String topic, String key) {
		return deadLetter(topic, key, null);
	}

	/**
	 * The first dead-lettered record of a topic with the given key and, unless
	 * {@code null}, the given value.
	 */
	ConsumerRecord<String, byte[]> deadLetter(String topic, String key, String value) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.pipeline.kafka.bootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlt-" + System.nanoTime());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic + ".DLT"));
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			await().atMost(Pipeline.SWAP_TIMEOUT).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (key.equals(record.key())
							&& (value == null || value.equals(new String(record.value(), StandardCharsets.UTF_8)))) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	static String header(ConsumerRecord<?, ?> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	static List<String> headerNames(ConsumerRecord<?, ?> record) {
		return java.util.Arrays.stream(record.headers().toArray()).map((header) -> header.key()).toList();
	}

}
