package dev.mlpipeline.mlflow.model;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The process-wide deserialization filter factory of the apps that read Weka models:
 * every {@code ObjectInputStream} in the JVM, ours or a library's (Weka's own
 * {@code SerializedClassifier} and {@code InputMappedClassifier} read files with plain
 * streams), gets the model allow-list merged with whatever filter its code sets, so no
 * deserialization anywhere escapes the allow-list.
 *
 * <p>
 * Besides the model classes, the process allows exactly what spring-kafka's
 * {@code ErrorHandlingDeserializer} writes into a record header when a record cannot be
 * read (a {@code DeserializationException} whose cause is Kafka's
 * {@code SerializationException}, with their stack traces) and reads back to dead-letter
 * it; that header is made in the same process, and the pipeline's deserializer chains no
 * other exception into it.
 *
 * <p>
 * The JDK lets the factory be set only before the first stream is created: the apps call
 * {@link #install()} first thing in {@code main}; test JVMs name this class in
 * {@code -Djdk.serialFilterFactory}.
 */
public final class ProcessSerialFilter implements BinaryOperator<ObjectInputFilter> {

	/**
	 * The classes of spring-kafka's deserialization-failure header, found by reading one.
	 */
	static final List<String> KAFKA_FAILURE_HEADER = List.of(
			"org.springframework.kafka.support.serializer.DeserializationException",
			"org.springframework.kafka.KafkaException", "org.springframework.kafka.KafkaException$Level",
			"org.springframework.core.NestedRuntimeException", "org.apache.kafka.common.errors.SerializationException",
			"org.apache.kafka.common.KafkaException", "java.lang.Throwable", "java.lang.Exception",
			"java.lang.RuntimeException", "java.lang.StackTraceElement", "java.util.Collections$EmptyList");

	/** What any stream of the process may build. */
	static final ObjectInputFilter PROCESS = ObjectInputFilter.Config
		.createFilter(String.join(";", ModelFileFilter.ALLOWED) + ";" + String.join(";", KAFKA_FAILURE_HEADER) + ";!*");

	/** Used by the JDK when the class is named in {@code jdk.serialFilterFactory}. */
	public ProcessSerialFilter() {
	}

	/**
	 * Makes this the JVM's filter factory, or checks that it already is.
	 * @throws IllegalStateException when another factory is in place, or a stream was
	 * created before this call (the JDK then refuses any change)
	 */
	public static void install() {
		if (isInstalled()) {
			return;
		}
		try {
			ObjectInputFilter.Config.setSerialFilterFactory(new ProcessSerialFilter());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Cannot install the process-wide model allow-list (" + ex.getMessage()
					+ "): call ProcessSerialFilter.install() before anything deserializes, or start the JVM with -Djdk.serialFilterFactory="
					+ ProcessSerialFilter.class.getName(), ex);
		}
	}

	/**
	 * Whether this is the JVM's filter factory.
	 * @return true when every stream in the process is filtered by the allow-list
	 */
	public static boolean isInstalled() {
		return ObjectInputFilter.Config.getSerialFilterFactory() instanceof ProcessSerialFilter;
	}

	/**
	 * The filter of a stream: the allow-list merged with the filter its code asked for.
	 * @param current the stream's filter so far, {@code null} at construction
	 * @param requested the filter asked for: the JVM-wide {@code jdk.serialFilter} at
	 * construction, the code's own on {@code setObjectInputFilter}
	 * @return a filter that rejects what either rejects
	 */
	@Override
	public ObjectInputFilter apply(ObjectInputFilter current, ObjectInputFilter requested) {
		ObjectInputFilter next = (requested != null) ? requested : current;
		// the stream's own filter first: a model filter records what it refused
		return (next != null) ? ObjectInputFilter.merge(next, PROCESS) : PROCESS;
	}

}
