package dev.mlpipeline.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A loopback HTTP/1.1 connection driven byte by byte, for the clients an ordinary HTTP
 * client library hides: one that writes a whole body before it reads, one that trickles,
 * one that sends nothing.
 */
public final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RawConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(30_000);
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Opens a connection to a local port.
	 * @param port the server's port on 127.0.0.1
	 * @return the open connection
	 * @throws IOException when it cannot connect
	 */
	public static RawConnection open(int port) throws IOException {
		return new RawConnection(new Socket(InetAddress.getLoopbackAddress(), port));
	}

	/**
	 * A request head: request line, {@code Host}, the given header lines, blank line.
	 * @param method the method
	 * @param path the path
	 * @param headers header lines such as {@code "Content-Length: 3"}
	 * @return the head's bytes
	 */
	public static byte[] head(String method, String path, String... headers) {
		StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Writes bytes and flushes; the write blocks while the server does not read.
	 * @param bytes what to send
	 * @throws IOException when the server closed or reset the connection
	 */
	public void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Writes one byte, telling whether the connection took it.
	 * @param b the byte
	 * @return false when the server has closed the connection
	 */
	public boolean trickle(int b) {
		try {
			this.out.write(b);
			this.out.flush();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Reads one response: status line, headers, and a body framed by
	 * {@code Content-Length} or chunks.
	 * @return the response
	 * @throws IOException when the connection ends before a whole response
	 */
	public Response read() throws IOException {
		String statusLine = line();
		while (statusLine.startsWith("HTTP/1.1 1")) {
			// an interim 100 Continue: headers end at the blank line, the final answer
			// follows
			while (!line().isEmpty()) {
				// skip
			}
			statusLine = line();
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(); !header.isEmpty(); header = line()) {
			int colon = header.indexOf(':');
			headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (headers.containsKey("content-length")) {
			body.write(this.in.readNBytes(Integer.parseInt(headers.get("content-length"))));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
				body.write(this.in.readNBytes(size));
				line();
			}
			line();
		}
		return new Response(statusLine, status, headers, body.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Whether the server has closed (or reset) the connection, looking without waiting.
	 * @return true once the connection is closed
	 * @throws IOException when the socket fails otherwise
	 */
	public boolean closedByServer() throws IOException {
		int timeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout(1);
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout(timeout);
		}
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b == -1) {
				throw new IOException("the connection ended before the response did: " + line);
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A response as read off the wire.
	 *
	 * @param statusLine the status line
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body as text
	 */
	public record Response(String statusLine, int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
