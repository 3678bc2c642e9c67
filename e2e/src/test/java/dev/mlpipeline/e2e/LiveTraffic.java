package dev.mlpipeline.e2e;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import weka.core.Instance;
import weka.core.Instances;

/**
 * Live traffic as a client with ground truth makes it: on its own thread, one iris row
 * after another to serving's {@code /predict} with a fresh {@code X-Request-Id}, then
 * that row's label to {@code /feedback}. The labels are the data set's own until
 * {@link #labelWith} says otherwise (a drift in what the world calls the right answer).
 * Every answer that is not a 200 (or 202 for feedback) is recorded as a failure.
 */
final class LiveTraffic implements AutoCloseable {

	final List<String> failures = new CopyOnWriteArrayList<>();

	/** Answers by {@code version/role}, from the answers' headers. */
	final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

	final AtomicInteger labelled = new AtomicInteger();

	private final AppProcess serving;

	private final Instances rows;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final AtomicBoolean running = new AtomicBoolean(true);

	private volatile IntFunction<String> labels;

	private final Thread thread;

	LiveTraffic(AppProcess serving, Instances rows) {
		this.serving = serving;
		this.rows = rows;
		this.thread = new Thread(this::run, "live-traffic");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Labels later rows with the given function of the row's class index instead of the
	 * data set's class.
	 * @param labels the label of a row whose true class has the given index
	 */
	void labelWith(IntFunction<String> labels) {
		this.labels = labels;
	}

	/**
	 * How many answers a version gave in a role.
	 * @param version the version
	 * @param role {@code champion} or {@code challenger}
	 * @return the count so far
	 */
	int answered(String version, String role) {
		AtomicInteger count = this.answers.get(version + "/" + role);
		return (count != null) ? count.get() : 0;
	}

	int total() {
		return this.answers.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	private void run() {
		int sent = 0;
		while (this.running.get()) {
			Instance row = this.rows.get(sent % this.rows.numInstances());
			String requestId = "live-" + this.run + "-" + sent;
			sent++;
			try {
				HttpResponse<String> answer = this.serving.postWith("/predict", body(row),
						Map.of("X-Request-Id", requestId));
				if (answer.statusCode() != 200) {
					this.failures.add("predict " + answer.statusCode() + " " + answer.body());
					continue;
				}
				String key = answer.headers().firstValue("X-Model-Version").orElse("none") + "/"
						+ answer.headers().firstValue("X-Model-Role").orElse("none");
				this.answers.computeIfAbsent(key, (ignored) -> new AtomicInteger()).incrementAndGet();
				HttpResponse<String> feedback = this.serving.post("/feedback", """
						{"requestId": "%s", "label": "%s"}""".formatted(requestId, label(row)));
				if (feedback.statusCode() != 202) {
					this.failures.add("feedback " + feedback.statusCode() + " " + feedback.body());
				}
				else {
					this.labelled.incrementAndGet();
				}
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				this.failures.add(ex.toString());
			}
		}
	}

	private String label(Instance row) {
		IntFunction<String> drifted = this.labels;
		return (drifted != null) ? drifted.apply((int) row.classValue()) : row.stringValue(row.classIndex());
	}

	private String body(Instance row) {
		StringBuilder json = new StringBuilder("{\"instances\": [{");
		for (int attribute = 0; attribute < this.rows.numAttributes(); attribute++) {
			if (attribute != this.rows.classIndex()) {
				if (json.charAt(json.length() - 1) != '{') {
					json.append(", ");
				}
				json.append('"')
					.append(this.rows.attribute(attribute).name())
					.append("\": ")
					.append(row.value(attribute));
			}
		}
		return json.append("}]}").toString();
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join(30_000);
	}

}
