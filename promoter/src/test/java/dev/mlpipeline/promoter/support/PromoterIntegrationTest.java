package dev.mlpipeline.promoter.support;

import java.util.UUID;

import dev.mlpipeline.kafka.Topics;
import dev.mlpipeline.kafka.test.KafkaBroker;
import dev.mlpipeline.mlflow.LoggedModels;
import dev.mlpipeline.mlflow.MlflowArtifacts;
import dev.mlpipeline.mlflow.MlflowCapabilities;
import dev.mlpipeline.mlflow.MlflowTracking;
import dev.mlpipeline.mlflow.ModelRegistry;
import dev.mlpipeline.mlflow.test.MlflowServer;
import dev.mlpipeline.promoter.PromoterApplication;
import dev.mlpipeline.security.test.FreshConnections;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one application context every integration test class shares: the promoter on a
 * random port against the real broker and the MLflow double (or a real MLflow when
 * {@code MLFLOW_TRACKING_URI} is set), with a registry fixture and an event log.
 */
@SpringBootTest(classes = PromoterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class PromoterIntegrationTest {

	/**
	 * A model whose policy requires manual approval (set below as a per-model override).
	 */
	protected static final String APPROVAL_MODEL = "approval-" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * A second model whose policy requires manual approval, whose candidates are
	 * rejected.
	 */
	protected static final String REJECTION_MODEL = "rejection-" + UUID.randomUUID().toString().substring(0, 8);

	/** A model whose policy adds a kappa floor. */
	protected static final String FLOOR_MODEL = "floor-" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * A model rolled out shadow, then a 50 % canary, each stage decided after 20 requests
	 * by its agreement (at least 0.9) and error rate (at most 0.1).
	 */
	protected static final String STAGED_MODEL = "staged-" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * A model promoted directly whose manual rollouts are decided after 20 requests by
	 * error rate (at most 0.1) and live accuracy on 10 labels (at least 0.8).
	 */
	protected static final String MANUAL_ROLLOUT_MODEL = "manual-rollout-"
			+ UUID.randomUUID().toString().substring(0, 8);

	/**
	 * A model whose champions are watched for 10 minutes after promotion, rolled back on
	 * an error rate above 0.1 after 20 requests.
	 */
	protected static final String WATCHED_MODEL = "watched-" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * A model whose manual rollouts are decided by live accuracy alone, on 10 labels (at
	 * least 0.8) after 20 requests, and never watched: the decision benchmark's.
	 */
	protected static final String LABELLED_ROLLOUT_MODEL = "labelled-rollout-"
			+ UUID.randomUUID().toString().substring(0, 8);

	// a consumer group of its own: the broker may outlive the run
	private static final String LIVE_APPLICATION_ID = "promoter-live-" + UUID.randomUUID();

	protected static EventLog events;

	protected RegistryFixture fixture;

	/** The tests' operator, {@code olga}. */
	protected static final String OPERATOR = "olga";

	/** Signed in as the operator. */
	protected WebTestClient web;

	/** Without credentials, a new connection per request (FreshConnections says why). */
	protected WebTestClient anonymous;

	@LocalServerPort
	private int port;

	@Autowired
	private ModelRegistry registry;

	@Autowired
	private MlflowTracking tracking;

	@Autowired
	private MlflowArtifacts artifacts;

	@Autowired
	private KafkaTemplate<String, Object> kafka;

	@Autowired
	private LoggedModels loggedModels;

	@Autowired
	protected MlflowCapabilities capabilities;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry properties) {
		KafkaBroker.register(properties);
		properties.add("mlflow.tracking.uri", () -> MlflowServer.uri().toString());
		properties.add("promotion.models." + APPROVAL_MODEL + ".manual-approval", () -> "true");
		properties.add("promotion.models." + REJECTION_MODEL + ".manual-approval", () -> "true");
		properties.add("promotion.models." + FLOOR_MODEL + ".floors.kappa", () -> "0.7");
		properties.add("promotion.live.enabled", () -> "true");
		properties.add("promotion.rollout.check-interval", () -> "1s");
		// a loaded test machine may queue many commands on one model's owner
		properties.add("promotion.commands.reply-timeout", () -> "60s");
		String staged = "promotion.models." + STAGED_MODEL;
		properties.add(staged + ".rollout", () -> "shadow-then-canary");
		properties.add(staged + ".canary-percent", () -> "50");
		properties.add(staged + ".watch", () -> "0s");
		properties.add(staged + ".live.min-requests", () -> "20");
		properties.add(staged + ".live.min-duration", () -> "0s");
		properties.add(staged + ".live.min-agreement", () -> "0.9");
		properties.add(staged + ".live.max-error-rate", () -> "0.1");
		String manual = "promotion.models." + MANUAL_ROLLOUT_MODEL;
		properties.add(manual + ".watch", () -> "0s");
		properties.add(manual + ".live.min-requests", () -> "20");
		properties.add(manual + ".live.min-duration", () -> "0s");
		properties.add(manual + ".live.max-error-rate", () -> "0.1");
		properties.add(manual + ".live.min-labels", () -> "10");
		properties.add(manual + ".live.min-live-accuracy", () -> "0.8");
		String watched = "promotion.models." + WATCHED_MODEL;
		properties.add(watched + ".watch", () -> "10m");
		properties.add(watched + ".live.min-requests", () -> "20");
		properties.add(watched + ".live.min-duration", () -> "0s");
		properties.add(watched + ".live.max-error-rate", () -> "0.1");
		String labelled = "promotion.models." + LABELLED_ROLLOUT_MODEL;
		properties.add(labelled + ".watch", () -> "0s");
		properties.add(labelled + ".live.min-requests", () -> "20");
		properties.add(labelled + ".live.min-duration", () -> "0s");
		properties.add(labelled + ".live.min-labels", () -> "10");
		properties.add(labelled + ".live.min-live-accuracy", () -> "0.8");
		properties.add("promotion.live.application-id", () -> LIVE_APPLICATION_ID);
	}

	@BeforeAll
	static void openEventLog() {
		events = new EventLog(Topics.PROMOTION_DECISIONS, Topics.MODEL_PROMOTED);
	}

	@AfterAll
	static void closeEventLog() {
		events.close();
	}

	@BeforeEach
	void createFixture() {
		this.fixture = new RegistryFixture(this.registry, this.tracking, this.artifacts, this.loggedModels, this.kafka);
		this.anonymous = FreshConnections.client(this.port);
		this.web = as(OPERATOR, "olga-pass");
	}

	/**
	 * A client signed in as one of the tests' users.
	 * @param user the user name
	 * @param password the user's password
	 * @return the client
	 */
	protected WebTestClient as(String user, String password) {
		return this.anonymous.mutate().defaultHeaders((headers) -> headers.setBasicAuth(user, password)).build();
	}

	/**
	 * A wait for something the promoter does asynchronously.
	 * @return an Awaitility condition polling in the test thread
	 */
	protected static ConditionFactory eventually() {
		return Awaitility.await().atMost(KafkaBroker.recordTimeout()).pollInSameThread();
	}

}
