package dev.iotlab.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.doctor.ClusterDoctor;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** doctor's command line through picocli, without a cluster: options, help, usage errors and their exit codes. */
class DoctorCommandTest {
    record Result(int exit, String out, String err) {
    }

    static Result doctor(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OperatorCli.run(OperatorCli.prepend(DoctorCommand.NAME, args), InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    throw new AssertionError("doctor makes its own client from --kubeconfig");
                });
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyOptionReachesTheChecks() {
        DoctorCommand command = new DoctorCommand(System.out, System.err);
        new CommandLine(command).parseArgs("--course", "iot101", "--students", "30", "--profile", "standard",
                "--operator-namespace", "ops", "--ingress-class", "nginx", "--gateway", "gateways/labs",
                "--tls-source-secret", "certs/wildcard", "--until", "2027-01-31T19:00:00+01:00");
        assertThat(command.options()).isEqualTo(new ClusterDoctor.Options("iot101", 30, Profile.STANDARD, "ops",
                "nginx", "gateways/labs", "certs/wildcard", Instant.parse("2027-01-31T18:00:00Z")));
    }

    @Test
    void withoutOptionsTheCourseDecidesAndTheOperatorIsInIotlabSystem() {
        DoctorCommand command = new DoctorCommand(System.out, System.err);
        new CommandLine(command).parseArgs();
        assertThat(command.options()).isEqualTo(new ClusterDoctor.Options(null, null, null, "iotlab-system", null,
                null, null, null));
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        Result help = doctor("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("usage: iotlab-operator doctor", "--course", "--students", "--profile",
                "--operator-namespace", "--ingress-class", "--gateway", "--tls-source-secret", "--until",
                "--kubeconfig", "default: iotlab-system", "1   a lab would fail");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a misspelt option  | --stduents 2                 | unknown argument --stduents
            no value           | --students                   | Missing required parameter for option '--students'
            no students        | --students 0                 | --students must be at least 1, not 0
            not a number       | --students many              | Invalid value for option '--students': 'many' is not an int
            unknown profile    | --profile huge               | Invalid value for option '--profile': small or standard, not huge
            a date, not a time | --until 2027-01-31           | Invalid value for option '--until': not an RFC 3339 time
            """)
    void aBadOptionIsAUsageErrorNamingItWithExitCode2(String why, String args, String message) {
        Result r = doctor(args.split(" "));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("usage: iotlab-operator doctor").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnreadableKubeconfigIsBadInputWithExitCode1(@TempDir Path dir) {
        Result r = doctor("--kubeconfig", dir.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot read --kubeconfig " + dir.resolve("nope") + ": no such file");
    }
}
