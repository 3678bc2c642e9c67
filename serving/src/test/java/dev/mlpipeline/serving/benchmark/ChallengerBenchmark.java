package dev.mlpipeline.serving.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mlpipeline.mlflow.ModelVersion;
import dev.mlpipeline.serving.TestRegistry;
import dev.mlpipeline.serving.benchmark.ServingBenchmarkTests.Server;
import dev.mlpipeline.serving.benchmark.ServingBenchmarkTests.Wrk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The challenger part of the serving benchmark, on one server with two models: both
 * models against the no-op ceiling; the default model's champion alone against the same
 * champion with a shadow (interleaved rounds, the alias set and removed between them); a
 * canary at 20 %, counting who answered; and challenger changes under load.
 */
final class ChallengerBenchmark {

	/**
	 * A shadow CPU budget, in cores, below what the forest shadow takes at saturation.
	 */
	static final String TIGHT_BUDGET = "0.02";

	private static final int CONNECTIONS = 8;

	private static final Pattern ROLES = Pattern.compile("roles: champion (\\d+), challenger (\\d+)");

	private final ServingBenchmarkTests benchmark;

	private final TestRegistry mlflow;

	private final Server server;

	private final Path script;

	private final String model;

	private final String second;

	private final ModelVersion challenger;

	private boolean aliased;

	ChallengerBenchmark(ServingBenchmarkTests benchmark, TestRegistry mlflow, Server server, Path script, String model,
			String second, ModelVersion challenger) {
		this.benchmark = benchmark;
		this.mlflow = mlflow;
		this.server = server;
		this.script = script;
		this.model = model;
		this.second = second;
		this.challenger = challenger;
	}

	void run() throws Exception {
		String champion = "/models/" + this.model + "/predict";
		String other = "/models/" + this.second + "/predict";
		this.benchmark.wrk(this.server.url("/noop"), this.script, 32, 10);
		this.benchmark.wrk(this.server.url(champion), this.script, 32, 10);
		this.benchmark.wrk(this.server.url(other), this.script, 32, 10);
		line("## Two models, a shadow and a canary");
		line("");
		line("One server, `serving.models` = two models: the first a J48 champion whose challenger is the 100-tree "
				+ "forest, the second the forest alone. " + CONNECTIONS + " connections, medians of "
				+ ServingBenchmarkTests.ROUNDS + " interleaved runs of " + ServingBenchmarkTests.SECONDS + " s.");
		line("");
		twoModels(champion, other);
		shadow(champion);
		canary();
		changesUnderLoad();
	}

	/**
	 * The champion and its forest shadow on a server whose shadow budget
	 * ({@link #TIGHT_BUDGET} cores) is below what the shadow takes at saturation: how
	 * much of the traffic it still scores, and how much CPU it takes.
	 */
	void overBudget() throws Exception {
		String champion = "/models/" + this.model + "/predict";
		this.benchmark.wrk(this.server.url(champion), this.script, 32, 10);
		challenger("shadow");
		List<Wrk> shadowed = new ArrayList<>();
		ShadowWork work = new ShadowWork();
		for (int round = 0; round < ServingBenchmarkTests.ROUNDS; round++) {
			String before = this.server.get("/actuator/prometheus");
			shadowed.add(wrk(champion));
			work.add(before, this.server.get("/actuator/prometheus"));
		}
		Wrk with = Wrk.median(shadowed);
		line("### A shadow over its CPU budget");
		line("");
		line(String.format(Locale.ROOT,
				"The same champion and forest shadow on a server of its own with `serving.challenger.shadow-cpu=%s`, "
						+ "at saturation (%d connections, median of %d runs of %d s): %.0f req/s, p50 %s, p99 %s, "
						+ "%d failed. Shadow work: %s.",
				TIGHT_BUDGET, CONNECTIONS, ServingBenchmarkTests.ROUNDS, ServingBenchmarkTests.SECONDS, with.rps(),
				ServingBenchmarkTests.micros(with.p50()), ServingBenchmarkTests.micros(with.p99()), with.failed(),
				work));
		line("");
		assertThat(with.failed()).isZero();
	}

	private void twoModels(String champion, String other) throws Exception {
		List<Wrk> noops = new ArrayList<>();
		List<Wrk> firsts = new ArrayList<>();
		List<Wrk> seconds = new ArrayList<>();
		for (int round = 0; round < ServingBenchmarkTests.ROUNDS; round++) {
			noops.add(wrk("/noop"));
			firsts.add(wrk(champion));
			seconds.add(wrk(other));
		}
		line("| endpoint | req/s | of no-op | p50 / p99 | failed |");
		line("|---|---|---|---|---|");
		Wrk noop = Wrk.median(noops);
		Wrk first = Wrk.median(firsts);
		Wrk second = Wrk.median(seconds);
		row("no-op", noop, noop);
		row("`" + champion + "` (J48)", first, noop);
		row("`" + other + "` (forest)", second, noop);
		line("");
		assertThat(noop.failed() + first.failed() + second.failed()).isZero();
	}

	private void shadow(String champion) throws Exception {
		List<Wrk> alone = new ArrayList<>();
		List<Wrk> shadowed = new ArrayList<>();
		ShadowWork work = new ShadowWork();
		for (int round = 0; round < ServingBenchmarkTests.ROUNDS; round++) {
			challenger(null);
			alone.add(wrk(champion));
			challenger("shadow");
			String before = this.server.get("/actuator/prometheus");
			shadowed.add(wrk(champion));
			work.add(before, this.server.get("/actuator/prometheus"));
		}
		Wrk without = Wrk.median(alone);
		Wrk with = Wrk.median(shadowed);
		line("### The champion with and without a shadow");
		line("");
		withAndWithout(without, with);
		line(String.format(Locale.ROOT, "At saturation, p99 with the shadow: %.0f %% of without (the target: within "
				+ "110 %%). Shadow work during the shadow runs: %s.", 100 * with.p99() / without.p99(), work));
		line("");
		assertThat(without.failed() + with.failed()).isZero();
		paced(champion, without.rps() / 4);
	}

	/**
	 * The same comparison at a fixed offered load below saturation, as a service runs:
	 * each connection waits between requests so that together they offer the rate.
	 */
	private void paced(String champion, double rate) throws Exception {
		Path paced = this.script.resolveSibling("paced.lua");
		Files.writeString(paced, Files.readString(this.script) + String.format(Locale.ROOT,
				"function delay() return %d end%n", Math.max(1, Math.round(CONNECTIONS * 1000 / rate))));
		List<Wrk> alone = new ArrayList<>();
		List<Wrk> shadowed = new ArrayList<>();
		ShadowWork work = new ShadowWork();
		for (int round = 0; round < ServingBenchmarkTests.ROUNDS; round++) {
			challenger(null);
			alone.add(this.benchmark.wrk(this.server.url(champion), paced, CONNECTIONS, ServingBenchmarkTests.SECONDS));
			challenger("shadow");
			String before = this.server.get("/actuator/prometheus");
			shadowed
				.add(this.benchmark.wrk(this.server.url(champion), paced, CONNECTIONS, ServingBenchmarkTests.SECONDS));
			work.add(before, this.server.get("/actuator/prometheus"));
		}
		Wrk without = Wrk.median(alone);
		Wrk with = Wrk.median(shadowed);
		line(String.format(Locale.ROOT,
				"At a quarter of that throughput offered (%.0f req/s asked, each connection pausing between "
						+ "requests), below saturation as a service runs:",
				rate));
		line("");
		withAndWithout(without, with);
		line(String.format(Locale.ROOT, "p99 with the shadow at that load: %.0f %% of without. Shadow work: %s.",
				100 * with.p99() / without.p99(), work));
		line("");
		assertThat(without.failed() + with.failed()).isZero();
	}

	private void canary() throws Exception {
		challenger("canary:20");
		Path counting = this.script.resolveSibling("roles.lua");
		Files.writeString(counting, Files.readString(this.script) + """
				local threads = {}
				function setup(thread) table.insert(threads, thread) end
				function init(args) champion = 0; challenger = 0 end
				function response(status, headers, body)
				  local role = headers["X-Model-Role"] or headers["x-model-role"]
				  if role == "challenger" then challenger = challenger + 1
				  elseif role == "champion" then champion = champion + 1 end
				end
				function done(summary, latency, requests)
				  local a, b = 0, 0
				  for _, t in ipairs(threads) do a = a + t:get("champion"); b = b + t:get("challenger") end
				  io.write(string.format("roles: champion %d, challenger %d\\n", a, b))
				end
				""");
		String out = ServingBenchmarkTests.wrkOutput(this.server.url("/predict"), counting, CONNECTIONS,
				ServingBenchmarkTests.SECONDS * ServingBenchmarkTests.ROUNDS);
		Wrk canary = Wrk.parse(out);
		Matcher roles = ROLES.matcher(out);
		assertThat(roles.find()).as(out).isTrue();
		long champion = Long.parseLong(roles.group(1));
		long challenger = Long.parseLong(roles.group(2));
		line("### A canary at 20 %");
		line("");
		line(String.format(Locale.ROOT,
				"%d requests, each with its own generated request id as the routing key: the challenger answered "
						+ "%d (%.2f %%), the champion %d; %.0f req/s, p50 %s, p99 %s, %d failed (wrk counting "
						+ "the X-Model-Role header of every answer).",
				canary.requests(), challenger, 100.0 * challenger / (champion + challenger), champion, canary.rps(),
				ServingBenchmarkTests.micros(canary.p50()), ServingBenchmarkTests.micros(canary.p99()),
				canary.failed()));
		line("");
		assertThat(canary.failed()).isZero();
	}

	private void changesUnderLoad() throws Exception {
		String[] rollouts = { "shadow", "canary:20", "canary:100", null };
		int seconds = ServingBenchmarkTests.SWAP_SECONDS;
		Process load = ServingBenchmarkTests.wrkProcess(this.server.url("/predict"), this.script, CONNECTIONS, seconds);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds - 2);
		int changes = 0;
		while (System.nanoTime() < deadline) {
			challenger(rollouts[changes % rollouts.length]);
			changes++;
		}
		Wrk during = Wrk.parse(new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		load.waitFor();
		line("### Challenger changes under load");
		line("");
		line(String.format(Locale.ROOT,
				"%d challenger changes (shadow, canary 20 %%, canary 100 %%, alias removed, in turn; each a registry "
						+ "write read by serving's 200 ms reconcile) during %d s of /predict load at %d connections: "
						+ "%d requests, %d failed, %.0f req/s, p99 %s, max %s.",
				changes, seconds, CONNECTIONS, during.requests(), during.failed(), during.rps(),
				ServingBenchmarkTests.micros(during.p99()), ServingBenchmarkTests.micros(during.max())));
		line("");
		assertThat(changes).isGreaterThanOrEqualTo(20);
		assertThat(during.failed()).isZero();
	}

	/**
	 * Gives the default model the challenger in this rollout, or none, and waits until
	 * serving serves it so.
	 */
	private void challenger(String rollout) throws Exception {
		if (rollout == null) {
			if (this.aliased) {
				this.mlflow.registry().deleteAlias(this.model, "challenger");
				this.aliased = false;
			}
			this.server.awaitChallenger("none");
			return;
		}
		this.mlflow.registry().setModelVersionTag(this.model, this.challenger.version(), "rollout", rollout);
		if (!this.aliased) {
			this.mlflow.registry().setAlias(this.model, "challenger", this.challenger.version());
			this.aliased = true;
		}
		this.server.awaitChallenger(this.challenger.version() + " " + rollout);
	}

	private void withAndWithout(Wrk without, Wrk with) {
		line("| | req/s | p50 | p99 | failed |");
		line("|---|---|---|---|---|");
		line(String.format(Locale.ROOT, "| champion alone | %.0f | %s | %s | %d |", without.rps(),
				ServingBenchmarkTests.micros(without.p50()), ServingBenchmarkTests.micros(without.p99()),
				without.failed()));
		line(String.format(Locale.ROOT, "| champion + forest shadow | %.0f | %s | %s | %d |", with.rps(),
				ServingBenchmarkTests.micros(with.p50()), ServingBenchmarkTests.micros(with.p99()), with.failed()));
		line("");
	}

	/**
	 * What the shadow did during the shadow runs, from the server's counters before and
	 * after each: requests scored, not started for its CPU budget, dropped by its queue,
	 * and the CPU time it took.
	 */
	private static final class ShadowWork {

		private long scored;

		private long overBudget;

		private long dropped;

		private double cpuSeconds;

		private double wallSeconds;

		void add(String before, String after) {
			this.scored += (long) (sum(after, "serving_shadow_requests_total", "outcome=\"scored\"")
					- sum(before, "serving_shadow_requests_total", "outcome=\"scored\""));
			this.overBudget += (long) (sum(after, "serving_shadow_requests_total", "outcome=\"over-budget\"")
					- sum(before, "serving_shadow_requests_total", "outcome=\"over-budget\""));
			this.dropped += (long) (sum(after, "serving_shadow_requests_total", "outcome=\"dropped\"")
					- sum(before, "serving_shadow_requests_total", "outcome=\"dropped\""));
			this.cpuSeconds += sum(after, "serving_shadow_cpu_seconds_total", "")
					- sum(before, "serving_shadow_cpu_seconds_total", "");
			this.wallSeconds += ServingBenchmarkTests.SECONDS;
		}

		@Override
		public String toString() {
			long offered = this.scored + this.overBudget + this.dropped;
			return String.format(Locale.ROOT,
					"of %d requests, %d scored (%.1f %%), %d not started for the CPU budget, %d dropped by the "
							+ "queue; %.2f cores of shadow CPU on average",
					offered, this.scored, (offered > 0) ? 100.0 * this.scored / offered : 0, this.overBudget,
					this.dropped, this.cpuSeconds / this.wallSeconds);
		}

		private static double sum(String metrics, String name, String label) {
			return metrics.lines()
				.filter((line) -> line.startsWith(name) && line.contains(label))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}

	}

	private Wrk wrk(String path) throws Exception {
		return this.benchmark.wrk(this.server.url(path), this.script, CONNECTIONS, ServingBenchmarkTests.SECONDS);
	}

	private void row(String name, Wrk wrk, Wrk noop) {
		line(String.format(Locale.ROOT, "| %s | %.0f | %.0f %% | %s / %s | %d |", name, wrk.rps(),
				100 * wrk.rps() / noop.rps(), ServingBenchmarkTests.micros(wrk.p50()),
				ServingBenchmarkTests.micros(wrk.p99()), wrk.failed()));
	}

	private void line(String text) {
		this.benchmark.line(text);
	}

}
