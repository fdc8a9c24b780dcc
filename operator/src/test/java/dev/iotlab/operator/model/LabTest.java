package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabTest {

    @Test
    void studentLabelIsAValidLabelValueWhateverTheName() {
        Lab lab = TestLabs.lab("student: {name: \"Zoë O'Brien-Łukasiewicz the Third, of a very long line of names that goes on\"}");
        assertThat(lab.studentLabel()).matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").hasSizeLessThanOrEqualTo(63);
    }
}
