package dev.iotlab.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 GET with a chosen Host header to 127.0.0.1:port — how a browser reaches the student's host through
 * an ingress or gateway proxy that is port-forwarded here (java.net.http refuses to set Host). Redirects are not
 * followed: the test wants to see them.
 */
public final class HostRequest {
    public record Reply(int status, Optional<String> location, String body) {
    }

    private HostRequest() {
    }

    public static Reply get(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = response.indexOf("\r\n\r\n");
            String head = headerEnd < 0 ? response : response.substring(0, headerEnd);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Optional<String> location = Optional.empty();
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("location:")) {
                    location = Optional.of(line.substring("location:".length()).trim());
                }
            }
            return new Reply(status, location, headerEnd < 0 ? "" : response.substring(headerEnd + 4));
        }
    }
}
