package dev.iotlab.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The annotated-CSV reader on answers written in InfluxDB 2.7's format (the error table as the real influxd sends it
 * mid-stream, see the API's DatabaseQueryTest): two tables with different schemas, quoted values with commas, quotes
 * and a line break, and an error table.
 */
class AnnotatedCsvTest {
    static final String TWO_TABLES = "#datatype,string,long,dateTime:RFC3339,double,string,string,string\r\n"
            + "#group,false,false,false,false,true,true,true\r\n"
            + "#default,_result,,,,,,\r\n"
            + ",result,table,_time,_value,_field,_measurement,location\r\n"
            + ",,0,2026-12-01T12:00:00Z,21.5,value,temperature,\"living room,2\"\r\n"
            + ",,0,2026-12-01T12:00:05Z,21.25,value,temperature,\"living room,2\"\r\n"
            + "\r\n"
            + "#datatype,string,long,dateTime:RFC3339,string,string,string\r\n"
            + "#group,false,false,false,false,true,true\r\n"
            + "#default,_result,,,,,\r\n"
            + ",result,table,_time,_value,_field,_measurement\r\n"
            + ",,1,2026-12-01T12:00:00Z,\"say \"\"hi\"\",\nthen go\",note,temperature\r\n"
            + "\r\n";

    @Test
    void everyTableIsReadByItsOwnHeaderAndTypes() {
        List<InfluxDb.Row> rows = AnnotatedCsv.parse(TWO_TABLES);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("location")).isEqualTo("living room,2");
        assertThat(rows.get(0).type("_value")).isEqualTo("double");
        assertThat(rows.get(1).get("_value")).isEqualTo("21.25");
        assertThat(rows.get(2).values()).doesNotContainKey("location");
        assertThat(rows.get(2).get("_value")).isEqualTo("say \"hi\",\nthen go");
        assertThat(rows.get(2).type("_value")).isEqualTo("string");
        assertThat(rows.get(2).get("table")).isEqualTo("1");
    }

    @Test
    void anErrorTableBecomesAnExceptionWithInfluxDbsMessage() {
        String csv = "#datatype,string,string\r\n#group,true,true\r\n#default,,\r\n,error,reference\r\n"
                + ",\"runtime error @3:38-3:84: map: cannot convert string \"\"x\"\" to int\",\r\n\r\n";
        assertThatThrownBy(() -> AnnotatedCsv.parse(csv)).hasMessageContaining("cannot convert string \"x\" to int");
    }

    @Test
    void anEmptyAnswerHasNoRows() {
        assertThat(AnnotatedCsv.parse("\r\n")).isEmpty();
    }
}
