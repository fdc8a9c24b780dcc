package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/** Real self-signed certificates for tests, made by the JDK's keytool (no library makes X.509 in the JDK API). */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A kubernetes.io/tls Secret whose certificate is valid for the given number of days from now. */
    public static Secret tlsSecret(String namespace, String name, int validDays) throws Exception {
        Path dir = Files.createTempDirectory("iotlab-cert-");
        Path store = dir.resolve("cert.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "lab", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", String.valueOf(validDays), "-dname", "CN=*.labs.example.edu",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass",
                "changeit")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        String cert = pem("CERTIFICATE", ks.getCertificate("lab").getEncoded());
        String key = pem("PRIVATE KEY", ks.getKey("lab", "changeit".toCharArray()).getEncoded());
        Files.delete(store);
        Files.delete(dir);
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", b64(cert))
                .addToData("tls.key", b64(key))
                .build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }
}
