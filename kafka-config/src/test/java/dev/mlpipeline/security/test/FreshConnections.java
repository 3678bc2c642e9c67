package dev.mlpipeline.security.test;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A test client that opens a new connection for every request. The apps' tests used
 * reactor-netty's pooled client, and a run of access checks (401s, 403s, 404s and the
 * open actuator endpoints, one after another) loses pooled connections until none is
 * left: the next request then waits for one until the client gives up, and the server,
 * idle all along, gets it only then (seen in CI and here as tests that timed out at a
 * random request, reproduced within 50 rounds of ModelControllerTests' checks and never
 * in 800 rounds without the pool).
 */
public final class FreshConnections {

	private FreshConnections() {
	}

	/**
	 * The client.
	 * @param port the app's port on localhost
	 * @return a client without credentials, waiting at most 30 s for an answer
	 */
	public static WebTestClient client(int port) {
		return WebTestClient
			.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
