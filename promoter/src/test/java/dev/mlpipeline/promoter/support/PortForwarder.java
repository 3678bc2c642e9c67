package dev.mlpipeline.promoter.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port that refuses connections until the test opens it, then forwards them to a
 * real server: an app bootstrapped at this port sees its broker down, then back, without
 * touching the broker other tests share.
 */
public final class PortForwarder implements AutoCloseable {

	private final int port;

	private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	private PortForwarder(int port) {
		this.port = port;
	}

	/**
	 * A port nothing listens on yet.
	 * @return the forwarder, closed
	 * @throws IOException when no free port can be found
	 */
	public static PortForwarder reserve() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return new PortForwarder(probe.getLocalPort());
		}
	}

	/**
	 * The port.
	 * @return the loopback port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Starts accepting connections and forwarding them.
	 * @param address {@code host:port} of the real server
	 * @throws IOException when the port cannot be bound
	 */
	public void open(String address) throws IOException {
		String host = address.substring(0, address.lastIndexOf(':'));
		int target = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.server = socket;
		daemon(() -> {
			while (!socket.isClosed()) {
				try {
					Socket client = socket.accept();
					Socket upstream = new Socket(host, target);
					this.open.add(client);
					this.open.add(upstream);
					daemon(() -> copy(client, upstream));
					daemon(() -> copy(upstream, client));
				}
				catch (IOException ex) {
					// closed
				}
			}
		});
	}

	@Override
	public void close() {
		ServerSocket socket = this.server;
		try {
			if (socket != null) {
				socket.close();
			}
			for (AutoCloseable connection : this.open) {
				connection.close();
			}
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

	private static void copy(Socket from, Socket to) {
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// connection closed
		}
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "port-forwarder");
		thread.setDaemon(true);
		thread.start();
	}

}
