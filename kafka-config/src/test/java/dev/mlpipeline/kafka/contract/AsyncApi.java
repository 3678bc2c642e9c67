package dev.mlpipeline.kafka.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.kafka.support.KafkaHeaders;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.mlpipeline.kafka.RejectedEventException;
import dev.mlpipeline.kafka.TopicSpec;
import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.signing.EventSignature;

/**
 * Writes the pipeline's AsyncAPI 3.0 document ({@code docs/asyncapi/asyncapi.json}) and
 * the JSON Schema of every event ({@code docs/asyncapi/schemas}) from the code: the
 * channels from {@link Topics} and their dead-letter topics, the payloads from the event
 * records, the headers from the signing scheme and the dead-letter recoverer, the servers
 * from {@code docker-compose.yml}. Which app sends and receives which topic cannot be
 * read off the records, so it is kept here as {@link #OPERATIONS}, checked against the
 * apps' sources by {@code OperationsTests}.
 */
public final class AsyncApi {

	/** The folder of the document, under the repository root. */
	public static final String FOLDER = "docs/asyncapi";

	/** The document's file, in {@link #FOLDER}. */
	public static final String DOCUMENT = "asyncapi.json";

	/** The folder of the payload schemas, in {@link #FOLDER}. */
	public static final String SCHEMAS = "schemas";

	/**
	 * The compacted topic of the promoter's live stats (Kafka Streams), outside the
	 * catalogue.
	 */
	public static final String LIVE_STATS = "live-stats";

	/** Its payload, written by the promoter's {@code LiveStatsContractTests}. */
	public static final String LIVE_WINDOW = "LiveWindow";

	private static final String KAFKA_BINDING_VERSION = "0.5.0";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Who sends and receives what, with the class that does it. */
	public static final List<Operation> OPERATIONS = List.of(
			// trainer
			Operation.send("trainer", Topics.TRAINING_JOBS, "POST /jobs publishes the job (JobPublisher)"),
			Operation.receive("trainer", Topics.TRAINING_JOBS,
					"trains, logs to MLflow and registers a version (TrainingJobListener, group trainer)"),
			Operation.send("trainer", Topics.MODEL_REGISTERED, "a version was registered (TrainingEvents)"),
			Operation.send("trainer", Topics.TRAINING_FAILED, "a job ended without a version (TrainingEvents)"),
			// promoter
			Operation.receive("promoter", Topics.MODEL_REGISTERED,
					"applies the promotion policy (ModelPartitionListener, group promoter); the dashboard's feed (DashboardFeed)"),
			Operation.send("promoter", Topics.PROMOTION_COMMANDS,
					"an operator's promote, rollback, stage, abort or reject, and the live checks (CommandBus)"),
			Operation.receive("promoter", Topics.PROMOTION_COMMANDS,
					"applies a command on the replica that owns the model's partition (ModelPartitionListener)"),
			Operation.send("promoter", Topics.PROMOTION_REPLIES,
					"the answer to a command, for the replica whose caller waits (ModelPartitionListener)"),
			Operation.receive("promoter", Topics.PROMOTION_REPLIES,
					"hands each answer to the waiting caller (ReplyListener, every partition, no group)"),
			Operation.send("promoter", Topics.PROMOTION_DECISIONS,
					"every decision, through the outbox (PromotionEvents, OutboxRelay)"),
			Operation.receive("promoter", Topics.PROMOTION_DECISIONS, "the dashboard's feed (DashboardFeed)"),
			Operation.send("promoter", Topics.MODEL_PROMOTED,
					"every production change, through the outbox (PromotionEvents, OutboxRelay)"),
			Operation.receive("promoter", Topics.MODEL_PROMOTED,
					"watches the replicas converge (ConvergenceWatch); the dashboard's feed (DashboardFeed)"),
			Operation.receive("promoter", Topics.TRAINING_FAILED, "the dashboard's feed (DashboardFeed)"),
			Operation.receive("promoter", Topics.SERVING_STATUS,
					"the directory of serving replicas (ReplicaDirectory); the dashboard's feed (DashboardFeed)"),
			Operation.receive("promoter", Topics.PREDICTIONS,
					"live stats per version and role (Kafka Streams, LiveStatsTopology)"),
			Operation.receive("promoter", Topics.FEEDBACK,
					"joined with the predictions by request id (Kafka Streams, LiveStatsTopology)"),
			Operation.send("promoter", LIVE_STATS, "every updated window (Kafka Streams, LiveStatsTopology)"),
			Operation.receive("promoter", LIVE_STATS, "every window, on every replica (global store, AllWindows)"),
			// serving
			Operation.receive("serving", Topics.MODEL_PROMOTED,
					"hot-swaps the production model, every replica (ModelPromotedListener, every partition, no group)"),
			Operation.receive("serving", Topics.PROMOTION_DECISIONS,
					"loads or drops a challenger (ModelPromotedListener, every partition, no group)"),
			Operation.send("serving", Topics.PREDICTIONS,
					"one record per answered or refused request, sampled (PredictionLogSender)"),
			Operation.send("serving", Topics.FEEDBACK, "POST /feedback publishes the ground truth (FeedbackHandler)"),
			Operation.send("serving", Topics.SERVING_STATUS, "the replica's heartbeat (StatusReporter)"));

	private AsyncApi() {
	}

	/**
	 * Every file of the contract, by path relative to {@link #FOLDER}, as its generator
	 * writes it. The {@value #LIVE_WINDOW} schema is not among them: the promoter writes
	 * it from its own record.
	 * @param root the repository root
	 * @return path to content
	 */
	public static Map<String, String> files(Path root) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(DOCUMENT, write(document(root)));
		for (TopicSpec<?> spec : Topics.all()) {
			files.put(SCHEMAS + "/" + spec.payloadType().getSimpleName() + ".json", write(schema(spec)));
		}
		return files;
	}

	/**
	 * The schema of the payload of a catalogue topic.
	 * @param spec the topic
	 * @return the schema
	 */
	public static ObjectNode schema(TopicSpec<?> spec) {
		@SuppressWarnings("unchecked")
		Class<? extends Record> type = (Class<? extends Record>) spec.payloadType();
		return JsonSchemas.of(type, "The value of a record on '" + spec.name() + "' (and on '" + spec.deadLetter()
				+ "'), as EventJson writes it. EventJson reads a payload missing any field, as null (0 or false for "
				+ "a number or a flag), and ignores fields it does not know; 'required' names what every producer "
				+ "of the pipeline sends and its consumers rely on.");
	}

	/**
	 * JSON text as the contract's files hold it: two-space indents, one {@code "name":
	 * value} per line, a final newline.
	 * @param node the document
	 * @return its text
	 */
	public static String write(JsonNode node) {
		DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
				Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER));
		return JsonMapper.builder().build().writer().with(printer).writeValueAsString(node) + "\n";
	}

	/**
	 * The repository root: the nearest folder, from the working directory up, that holds
	 * {@code docker-compose.yml} and {@code kafka-config}.
	 * @return the root
	 */
	public static Path root() {
		for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
			if (Files.isRegularFile(folder.resolve("docker-compose.yml"))
					&& Files.isDirectory(folder.resolve("kafka-config"))) {
				return folder;
			}
		}
		throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
	}

	static ObjectNode document(Path root) {
		ObjectNode document = NODES.objectNode();
		document.put("asyncapi", "3.0.0");
		ObjectNode info = document.putObject("info");
		info.put("title", "Model promotion pipeline events");
		info.put("version", projectVersion(root));
		info.put("description", "Every Kafka topic of the pipeline: its events (JSON, no Java class names, keyed by "
				+ "model name), their headers and who sends and receives them. Generated from the code by "
				+ "kafka-config's AsyncApiDriftTests (-Dpipeline.asyncapi.write=true rewrites it); do not edit by hand. "
				+ "With signing on (pipeline.event.signing-key), every record a producer sends carries the "
				+ "signature headers and consumers refuse one without them; a dead letter keeps the headers it arrived with. "
				+ "Kafka Streams' own internal topics "
				+ "(the promoter's repartition and changelog topics, prefixed by its application id) are not listed.");
		document.put("defaultContentType", "application/json");
		document.set("servers", servers(root));

		ObjectNode channels = document.putObject("channels");
		ObjectNode messages = NODES.objectNode();
		for (TopicSpec<?> spec : Topics.all()) {
			String event = spec.payloadType().getSimpleName();
			String key = keyField(spec.payloadType());
			messages.set(event, message(event, "A " + event + " on '" + spec.name() + "'.", key, "SignedHeaders"));
			messages.set(event + "DeadLetter",
					message(event,
							"A record refused by a consumer of '" + spec.name()
									+ "', as it arrived (value bytes and headers, even when it could not be read as a "
									+ event + "), with the reason in its headers.",
							key, "DeadLetterHeaders"));
			channels.set(id(spec.name()), channel(spec.name(), event, spec.partitions(), spec.configs()));
			channels.set(id(spec.deadLetter()), channel(spec.deadLetter(), event + "DeadLetter", spec.partitions(),
					Map.of("retention.ms", deadLetterRetention(spec))));
		}
		ObjectNode liveKey = NODES.objectNode();
		liveKey.put("type", "string");
		liveKey.put("description", "the JSON of the window's model, version and role and of its bounds, written field "
				+ "by field in a fixed order so a window's key is always the same bytes");
		messages.set(LIVE_WINDOW,
				message(LIVE_WINDOW, "The live stats of one version in one role in one time "
						+ "window, from the promoter's Kafka Streams topology; compacted to the window's latest stats.",
						liveKey, "SignedHeaders"));
		channels.set(id(LIVE_STATS), channel(LIVE_STATS, LIVE_WINDOW, 3, Map.of("cleanup.policy", "compact,delete")));

		document.set("operations", operations());
		ObjectNode components = document.putObject("components");
		components.set("messages", messages);
		ObjectNode schemas = components.putObject("schemas");
		schemas.set("SignedHeaders", signedHeaders());
		schemas.set("DeadLetterHeaders", deadLetterHeaders());
		return document;
	}

	private static ObjectNode servers(Path root) {
		Map<String, Object> compose = new Yaml().load(read(root.resolve("docker-compose.yml")));
		Map<?, ?> kafka = (Map<?, ?>) ((Map<?, ?>) compose.get("services")).get("kafka");
		Map<?, ?> environment = (Map<?, ?>) kafka.get("environment");
		String advertised = String.valueOf(environment.get("KAFKA_ADVERTISED_LISTENERS"));
		Map<String, String> env = dotEnv(root);
		ObjectNode servers = NODES.objectNode();
		for (String listener : advertised.split(",")) {
			String[] parts = listener.split("://", 2);
			String name = parts[0].toLowerCase(java.util.Locale.ROOT);
			ObjectNode server = servers.putObject(name.equals("plaintext") ? "compose" : name);
			Matcher variable = Pattern.compile("\\$\\{(\\w+)}").matcher(parts[1]);
			server.put("host", variable.replaceAll((match) -> "{" + match.group(1) + "}"));
			server.put("protocol", "kafka");
			server.put("description", name.equals("plaintext")
					? "The broker of docker compose, for the services on the compose network (KAFKA_BOOTSTRAP_SERVERS=kafka:9092)."
					: "The same broker from the host, on the port .env gives (KAFKA_BOOTSTRAP_SERVERS=localhost:<KAFKA_PORT>).");
			variable.reset();
			while (variable.find()) {
				ObjectNode port = server.putObject("variables").putObject(variable.group(1));
				port.put("default", env.getOrDefault(variable.group(1), ""));
				port.put("description", "from .env");
			}
		}
		return servers;
	}

	private static ObjectNode message(String event, String description, String key, String headers) {
		ObjectNode keySchema = NODES.objectNode();
		keySchema.put("type", "string");
		keySchema.put("description", "the event's " + key + ": " + (key.equals("modelName")
				? "one model's events stay in order on one partition; a consumer refuses a record keyed otherwise"
				: "the compacted topic keeps each one's latest record"));
		return message(event, description, keySchema, headers);
	}

	private static ObjectNode message(String event, String description, JsonNode key, String headers) {
		ObjectNode message = NODES.objectNode();
		message.put("name", event);
		message.put("title", event);
		message.put("summary", description);
		message.put("contentType", "application/json");
		message.putObject("headers").put("$ref", "#/components/schemas/" + headers);
		message.putObject("payload").put("$ref", "./" + SCHEMAS + "/" + event + ".json");
		ObjectNode kafka = message.putObject("bindings").putObject("kafka");
		kafka.set("key", key);
		kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
		return message;
	}

	private static ObjectNode channel(String address, String message, int partitions, Map<String, String> configs) {
		ObjectNode channel = NODES.objectNode();
		channel.put("address", address);
		channel.putObject("messages").putObject(message).put("$ref", "#/components/messages/" + message);
		ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
		kafka.put("topic", address);
		kafka.put("partitions", partitions);
		ObjectNode topic = kafka.putObject("topicConfiguration");
		if (configs.containsKey("cleanup.policy")) {
			ArrayNode policies = topic.putArray("cleanup.policy");
			Arrays.stream(configs.get("cleanup.policy").split(",")).forEach(policies::add);
		}
		else {
			topic.putArray("cleanup.policy").add("delete");
		}
		if (configs.containsKey("retention.ms")) {
			topic.put("retention.ms", Long.parseLong(configs.get("retention.ms")));
		}
		ObjectNode all = kafka.putObject("x-topic-configs");
		new TreeMap<>(configs).forEach(all::put);
		TopicSpec.TIMESTAMP_CONFIG.forEach(all::put);
		kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
		return channel;
	}

	private static ObjectNode operations() {
		Map<String, List<Operation>> byId = new LinkedHashMap<>();
		for (Operation operation : operationsWithDeadLetters()) {
			byId.computeIfAbsent(operation.id(), (id) -> new ArrayList<>()).add(operation);
		}
		ObjectNode operations = NODES.objectNode();
		byId.forEach((id, same) -> {
			Operation first = same.get(0);
			ObjectNode operation = operations.putObject(id);
			operation.put("action", first.action().name().toLowerCase(java.util.Locale.ROOT));
			operation.putObject("channel").put("$ref", "#/channels/" + id(first.topic()));
			operation.put("summary", first.app() + " " + first.action().verb() + " '" + first.topic() + "'");
			operation.put("description", same.stream().map(Operation::what).collect(Collectors.joining("; ")));
			operation.put("x-app", first.app());
		});
		return operations;
	}

	/**
	 * The operations with the dead-letter sends that follow from them: a record a
	 * consumer refuses goes to the topic's dead-letter topic (the apps' shared error
	 * handler; the promoter's topology for its inputs). Refused live windows are only
	 * logged.
	 * @return every operation
	 */
	public static List<Operation> operationsWithDeadLetters() {
		List<Operation> all = new ArrayList<>(OPERATIONS);
		for (Operation operation : OPERATIONS) {
			if (operation.action() == Action.RECEIVE && Topics.find(operation.topic()).isPresent()) {
				all.add(Operation.send(operation.app(), operation.topic() + TopicSpec.DEAD_LETTER_SUFFIX,
						"records it refuses on '" + operation.topic() + "', as they arrived, with the reason"));
			}
		}
		return all;
	}

	private static ObjectNode signedHeaders() {
		ObjectNode headers = NODES.objectNode();
		headers.put("type", "object");
		headers.put("description", "The event signature (kafka-config's EventSignature), on every record when signing "
				+ "is on and on none when it is off; a consumer with signing on refuses an unsigned, forged or stale record "
				+ "to the dead-letter topic.");
		ObjectNode properties = headers.putObject("properties");
		ObjectNode timestamp = properties.putObject(EventSignature.TIMESTAMP_HEADER);
		timestamp.put("type", "string");
		timestamp.put("pattern", "^" + decimalPattern() + "$");
		timestamp.put("description", "the signing time, epoch milliseconds as a decimal string (UTF-8)");
		ObjectNode signature = properties.putObject(EventSignature.SIGNATURE_HEADER);
		signature.put("type", "string");
		signature.put("pattern", "^v1,[A-Za-z0-9+/]{43}=$");
		signature.put("description", "'v1,' + Base64(HMAC-SHA256(signing key, topic + \"\\n\" + key + \"\\n\" + "
				+ EventSignature.TIMESTAMP_HEADER + " + \"\\n\" + value bytes)); a null key signs as the empty string");
		ObjectNode dependent = headers.putObject("dependentRequired");
		dependent.putArray(EventSignature.SIGNATURE_HEADER).add(EventSignature.TIMESTAMP_HEADER);
		dependent.putArray(EventSignature.TIMESTAMP_HEADER).add(EventSignature.SIGNATURE_HEADER);
		return headers;
	}

	private static ObjectNode deadLetterHeaders() {
		ObjectNode headers = NODES.objectNode();
		headers.put("type", "object");
		headers.put("description", "A dead letter keeps the headers its record arrived with (the signature headers "
				+ "included: it is not signed again) and gains the reason it was refused. A listener's refusals "
				+ "(kafka-config's PipelineDeadLetterRecoverer) carry all the kafka_dlt-* headers; the promoter's "
				+ "topology's carry " + KafkaHeaders.DLT_EXCEPTION_MESSAGE + ", " + KafkaHeaders.DLT_ORIGINAL_TOPIC
				+ ", " + KafkaHeaders.DLT_ORIGINAL_PARTITION + " and " + KafkaHeaders.DLT_ORIGINAL_OFFSET + ".");
		ObjectNode properties = headers.putObject("properties");
		properties.set(EventSignature.TIMESTAMP_HEADER,
				signedHeaders().get("properties").get(EventSignature.TIMESTAMP_HEADER));
		properties.set(EventSignature.SIGNATURE_HEADER,
				signedHeaders().get("properties").get(EventSignature.SIGNATURE_HEADER));
		text(properties, KafkaHeaders.DLT_ORIGINAL_TOPIC, "the topic the record was read from");
		binary(properties, KafkaHeaders.DLT_ORIGINAL_PARTITION, "its partition, a 4-byte big-endian int");
		binary(properties, KafkaHeaders.DLT_ORIGINAL_OFFSET, "its offset, an 8-byte big-endian long");
		binary(properties, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, "its timestamp, an 8-byte big-endian long");
		text(properties, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, "CreateTime or LogAppendTime");
		text(properties, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP,
				"the consumer group that refused it, when it had one");
		text(properties, KafkaHeaders.DLT_EXCEPTION_FQCN, "the class of the failure");
		text(properties, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, "the class of the failure's cause");
		text(properties, KafkaHeaders.DLT_EXCEPTION_MESSAGE,
				"why it was refused; for an unreadable record, the " + "deserializer's message and its cause");
		text(properties, KafkaHeaders.DLT_EXCEPTION_STACKTRACE, "the failure's stack trace");
		ObjectNode details = headers.putObject("patternProperties")
			.putObject("^" + RejectedEventException.DETAIL_HEADER_PREFIX);
		details.put("type", "string");
		details.put("description", "one detail of a business refusal (RejectedEventException), e.g. "
				+ RejectedEventException.DETAIL_HEADER_PREFIX + "signature = forged");
		return headers;
	}

	private static void text(ObjectNode properties, String name, String description) {
		ObjectNode header = properties.putObject(name);
		header.put("type", "string");
		header.put("description", description + " (UTF-8)");
	}

	private static void binary(ObjectNode properties, String name, String description) {
		properties.putObject(name).put("description", description);
	}

	private static String decimalPattern() {
		try {
			Field decimal = EventSignature.class.getDeclaredField("DECIMAL");
			decimal.setAccessible(true);
			return ((Pattern) decimal.get(null)).pattern();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("EventSignature has no DECIMAL pattern any more", ex);
		}
	}

	private static String deadLetterRetention(TopicSpec<?> spec) {
		return spec.toDeadLetterTopic((short) 1).configs().get("retention.ms");
	}

	/**
	 * The payload field an event is keyed by: {@code modelName}, or {@code instanceId}
	 * for a replica's heartbeat.
	 * @param type the event record
	 * @return the field's name
	 */
	public static String keyField(Class<?> type) {
		List<String> names = Arrays.stream(type.getRecordComponents()).map((component) -> component.getName()).toList();
		if (names.contains("modelName")) {
			return "modelName";
		}
		if (names.contains("instanceId")) {
			return "instanceId";
		}
		throw new IllegalArgumentException(
				type.getSimpleName() + " names neither a model nor an instance to key it by");
	}

	/**
	 * A channel's id in the document: its address, with {@code -} for {@code .}.
	 * @param address the topic name
	 * @return the id
	 */
	public static String id(String address) {
		return address.replace('.', '-');
	}

	static String projectVersion(Path root) {
		Matcher version = Pattern.compile(
				"<artifactId>model-promotion-pipeline</artifactId>\\s*(?:<[^>]+>[^<]*</[^>]+>\\s*)*?<version>([^<]+)</version>")
			.matcher(read(root.resolve("pom.xml")));
		if (!version.find()) {
			throw new IllegalStateException("No project version in pom.xml");
		}
		return version.group(1).replace("-SNAPSHOT", "");
	}

	private static Map<String, String> dotEnv(Path root) {
		Map<String, String> env = new LinkedHashMap<>();
		Path file = root.resolve(".env");
		if (Files.isRegularFile(file)) {
			for (String line : read(file).split("\n")) {
				int equals = line.indexOf('=');
				if (!line.startsWith("#") && equals > 0) {
					env.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
				}
			}
		}
		return env;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether an app writes to a topic or reads from it. */
	public enum Action {

		/** The app produces records. */
		SEND("sends to"),

		/** The app consumes records. */
		RECEIVE("receives from");

		private final String verb;

		Action(String verb) {
			this.verb = verb;
		}

		String verb() {
			return this.verb;
		}

	}

	/**
	 * One app's use of one topic.
	 *
	 * @param app trainer, promoter or serving
	 * @param action send or receive
	 * @param topic the topic name
	 * @param what what the app does with it, and which class does it
	 */
	public record Operation(String app, Action action, String topic, String what) {

		static Operation send(String app, String topic, String what) {
			return new Operation(app, Action.SEND, topic, what);
		}

		static Operation receive(String app, String topic, String what) {
			return new Operation(app, Action.RECEIVE, topic, what);
		}

		/**
		 * Its id in the document.
		 * @return {@code <app>-sends-<channel>} or {@code <app>-receives-<channel>}
		 */
		public String id() {
			return this.app + "-" + this.action.name().toLowerCase(java.util.Locale.ROOT) + "s-"
					+ AsyncApi.id(this.topic);
		}

	}

}
