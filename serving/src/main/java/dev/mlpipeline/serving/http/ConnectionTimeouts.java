package dev.mlpipeline.serving.http;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mlpipeline.serving.ServingProperties;

/**
 * Bounds how long a request may take to arrive, so a client trickling a body in (a
 * slow-loris) cannot hold a connection forever. Reactor Netty's idle timeout
 * ({@code server.netty.idle-timeout}) already covers a connection that sends nothing and
 * a request head that trickles in, since its idle handler sits behind the HTTP decoder
 * and sees nothing until a head is whole; Boot has no property for the body, so this sets
 * Reactor Netty's request timeout from {@code serving.request-read-timeout}.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionTimeouts {

	@Bean
	NettyServerCustomizer requestReadTimeout(ServingProperties properties) {
		return (server) -> server.requestTimeout(properties.requestReadTimeout());
	}

}
