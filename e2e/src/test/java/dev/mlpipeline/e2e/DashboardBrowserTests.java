package dev.mlpipeline.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.mlpipeline.mlflow.test.MlflowServer;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the pipeline as processes: the page shows the
 * champion, a new decision appears without a reload after a job, an operator's rollback
 * from the page changes what serving answers with, and a viewer sees no action. Skipped
 * where no Chromium is installed. Takes the README's screenshots into {@code docs/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTests {

	private static final Path CHROMIUM = Path.of(System.getProperty("pipeline.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("pipeline.chromedriver", "/usr/bin/chromedriver"));

	// where the README's pictures live, from the e2e module's directory
	private static final Path DOCS = Path.of("..", "docs");

	private static final Duration PAGE = Duration.ofSeconds(60);

	private Pipeline pipeline;

	private ChromeDriver browser;

	private LiveTraffic traffic;

	private String stump;

	private String j48;

	@BeforeAll
	void startThePipeline() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"no Chromium here (apt-get install chromium chromium-driver): " + CHROMIUM + ", " + CHROMEDRIVER);
		this.pipeline = Pipeline.start(Path.of("target", "e2e-dashboard-logs").toAbsolutePath(),
				// the stump scores 2/3 offline: low enough a bar to be the first champion
				Map.of("SERVING_STATUS_INTERVAL", "1s", "MLFLOW_PUBLIC_URI", MlflowServer.uri().toString(),
						"PROMOTION_MIN_VALUE", "0.5"));
		this.stump = this.pipeline.runJob("DecisionStump", "").path("version").asString();
		this.pipeline.awaitDecision(this.stump, "PROMOTED");
		this.pipeline.awaitServing(this.stump);
		// a client scoring iris rows and sending their labels, for the live charts
		this.traffic = new LiveTraffic(this.pipeline.serving, Snapshots.iris());
	}

	@AfterEach
	void closeTheBrowser() {
		if (this.browser != null) {
			this.browser.quit();
			this.browser = null;
		}
	}

	@AfterAll
	void stopThePipeline() throws Exception {
		try {
			if (this.traffic != null) {
				this.traffic.close();
				assertThat(this.traffic.failures).as("no request failed while the page acted").isEmpty();
			}
		}
		finally {
			// the processes stop even when the traffic's assertion fails
			if (this.pipeline != null) {
				this.pipeline.close();
			}
		}
	}

	@Test
	@Order(1)
	void thePageShowsTheChampionAndANewDecisionWithoutAReload() throws Exception {
		open("operator", "e2e-operator");
		awaitText(By.cssSelector("#champion .version"), "v" + this.stump);
		awaitText(By.id("stream"), "live");
		assertThat(this.browser.findElement(By.id("user")).getText()).contains("operator");
		assertThat(this.browser.findElements(By.cssSelector("#timeline li.decision"))).hasSize(1);
		// a mark a reload would wipe
		script("window.pageMark = 'still the same page'");

		this.j48 = this.pipeline.runJob("J48", "-C 0.25 -M 2").path("version").asString();
		JsonNode decision = this.pipeline.awaitDecision(this.j48, "PROMOTED");
		wait(PAGE).until(ExpectedConditions.presenceOfElementLocated(By
			.cssSelector("#timeline li.decision[data-decision-id='" + decision.path("decisionId").asString() + "']")));
		awaitText(By.cssSelector("#champion .version"), "v" + this.j48);
		awaitText(By.cssSelector("#previous .version"), "v" + this.stump);
		assertThat(script("return window.pageMark")).isEqualTo("still the same page");
		assertThat(text("#timeline li.decision")).contains("PROMOTED").contains("POLICY").contains("policy");
		// the paired comparison of the candidate with the champion on the same data
		assertThat(text("#timeline li.decision .comparison")).contains("on the same data").contains("p = ");
		// both versions' accuracy, and the stump's on the J48's folds (the charts are
		// read
		// apart from the decisions)
		wait(PAGE).until((driver) -> driver.findElements(By.cssSelector("#metric-chart circle")).size() == 3);
		wait(PAGE).until((driver) -> driver.findElements(By.cssSelector("#replicas tr.replica")).size() == 1
				&& text("#replicas td.serves").equals("v" + this.j48));
		// the live stats of the champion's answers, as they are counted
		wait(PAGE).until((driver) -> !driver.findElements(By.cssSelector("#live-latency circle")).isEmpty());
		// the activity list heard of the job's events from the stream
		assertThat(text("#activity .events")).contains("version " + this.j48 + " registered");
	}

	@Test
	@Order(2)
	void anOperatorRollsBackFromThePageAndServingAnswersWithThePreviousChampion() throws Exception {
		open("operator", "e2e-operator");
		awaitText(By.cssSelector("#champion .version"), "v" + this.j48);
		// found and clicked in one try: a heartbeat can re-render the button in between
		wait(PAGE).until((driver) -> {
			driver.findElement(By.id("rollback")).click();
			return true;
		});
		WebElement dialog = wait(PAGE).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		assertThat(dialog.findElement(By.id("confirm-text")).getText()).contains("version " + this.j48)
			.contains("version " + this.stump);
		// no reason, no action: the dialog's reason field is required
		dialog.findElement(By.id("confirm-ok")).click();
		assertThat(dialog.isDisplayed()).isTrue();
		dialog.findElement(By.id("confirm-reason")).sendKeys("J48 misroutes the new supplier's flowers");
		dialog.findElement(By.id("confirm-ok")).click();

		this.pipeline.awaitServing(this.stump);
		awaitText(By.cssSelector("#champion .version"), "v" + this.stump);
		wait(PAGE).until((driver) -> text("#timeline li.decision").contains("ROLLED_BACK"));
		assertThat(text("#timeline li.decision")).contains("ROLLBACK")
			.contains("operator")
			.contains("note: J48 misroutes the new supplier's flowers");
		JsonNode recorded = this.pipeline.decisions().get(0);
		assertThat(recorded.path("outcome").asString()).isEqualTo("ROLLED_BACK");
		assertThat(recorded.path("actor").asString()).isEqualTo("operator");
		assertThat(recorded.path("version").asString()).isEqualTo(this.stump);
		wait(PAGE).until((driver) -> text("#replicas td.serves").equals("v" + this.stump));
		// the rollback is recorded as served once the replica reports the stump again,
		// and
		// the open page shows it (a heartbeat makes it read the decisions again)
		wait(PAGE).until((driver) -> text("#timeline li.decision").contains("served by 1 replica(s)"));
		screenshot("dashboard-operator.png");
	}

	@Test
	@Order(3)
	void aViewerSeesTheStoryAndNoAction() throws Exception {
		open("reader", "e2e-reader");
		awaitText(By.cssSelector("#champion .version"), "v" + this.stump);
		wait(PAGE).until((driver) -> driver.findElements(By.cssSelector("#timeline li.decision")).size() == 3);
		assertThat(this.browser.findElement(By.id("user")).getText()).contains("reader").contains("viewer");
		assertThat(this.browser.findElements(By.tagName("button"))).isEmpty();
		assertThat(this.browser.findElements(By.tagName("form"))).isEmpty();
		assertThat(this.browser.findElements(By.id("actions"))).isEmpty();
		// the links go to the MLflow the promoter was told people reach
		List<WebElement> links = this.browser.findElements(By.cssSelector("#champion a"));
		assertThat(links).extracting((link) -> link.getAttribute("href"))
			.allSatisfy((href) -> assertThat(href).startsWith(MlflowServer.uri().toString().replaceAll("/$", "")));
		screenshot("dashboard-viewer.png");
	}

	private void open(String user, String password) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2200",
				"--disable-gpu", "--no-first-run", "--disable-extensions");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.withLogFile(new File(this.pipeline.logs.resolve("chromedriver.log").toString()))
			.build();
		this.browser = new ChromeDriver(service, options);
		// HTTP Basic, as a person signs in at the browser's prompt: the credentials of
		// the
		// address are the browser's for the promoter's realm from then on
		String promoter = this.pipeline.promoter.uri("/").toString();
		this.browser.get(
				promoter.replace("http://", "http://" + user + ":" + password + "@") + "?model=" + this.pipeline.model);
	}

	private void awaitText(By element, String text) {
		wait(PAGE).until(ExpectedConditions.textToBe(element, text));
	}

	private WebDriverWait wait(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(this.browser, timeout, Duration.ofMillis(200));
		// the page re-renders its lists on every event: an element found just before
		// that is gone, and the next poll finds the new one
		wait.ignoring(StaleElementReferenceException.class);
		// what the page itself said, when it said something went wrong
		wait.withMessage(() -> "the page says: " + this.browser.findElement(By.tagName("body")).getText());
		return wait;
	}

	/**
	 * The text of the first element the selector finds, read in one call: the page
	 * re-renders its lists on every event, so finding an element and then reading it in
	 * two calls can meet an element already replaced.
	 */
	private String text(String selector) {
		Object text = ((JavascriptExecutor) this.browser).executeScript(
				"const element = document.querySelector(arguments[0]); return element ? element.innerText : ''",
				selector);
		return String.valueOf(text);
	}

	private Object script(String script) {
		return ((JavascriptExecutor) this.browser).executeScript(script);
	}

	private void screenshot(String name) throws IOException {
		// the charts and the replicas' ages settle once their reads are in
		await().atMost(PAGE)
			.until(() -> script("return Object.values(page.timers).every((timer) => !timer)"), Boolean.TRUE::equals);
		Files.createDirectories(DOCS);
		Files.write(DOCS.resolve(name), this.browser.getScreenshotAs(OutputType.BYTES));
	}

}
