package dev.iotlab.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads InfluxDB 2's annotated CSV (the answer of {@code POST /api/v2/query} with header and #datatype annotations):
 * tables separated by blank lines, each with its own #datatype and header row; fields quoted as RFC 4180. An error
 * table (header {@code ,error,reference}) becomes an exception with InfluxDB's message.
 */
final class AnnotatedCsv {
    private AnnotatedCsv() {
    }

    static List<InfluxDb.Row> parse(String csv) {
        List<InfluxDb.Row> rows = new ArrayList<>();
        List<String> types = null;
        List<String> header = null;
        for (List<String> record : records(csv)) {
            if (record.size() == 1 && record.get(0).isEmpty()) { // blank line: the next table starts
                types = null;
                header = null;
                continue;
            }
            String first = record.get(0);
            if (first.equals("#datatype")) {
                types = record;
            } else if (first.startsWith("#")) {
                continue; // #group, #default
            } else if (header == null) {
                header = record;
            } else if (header.size() > 1 && header.get(1).equals("error")) {
                throw new IllegalStateException("InfluxDB reported an error in the result: " + record.get(1));
            } else {
                Map<String, String> values = new LinkedHashMap<>();
                Map<String, String> columnTypes = new LinkedHashMap<>();
                for (int i = 1; i < header.size() && i < record.size(); i++) {
                    values.put(header.get(i), record.get(i));
                    columnTypes.put(header.get(i), types == null || i >= types.size() ? "string" : types.get(i));
                }
                rows.add(new InfluxDb.Row(values, columnTypes));
            }
        }
        return rows;
    }

    /** The data rows as raw CSV lines: no annotations, no header, no blank lines. */
    static List<String> dataLines(String csv) {
        List<String> rows = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith(",result,")) {
                rows.add(line);
            }
        }
        return rows;
    }

    /** CSV records; a quoted field may hold commas, quotes ("") and line breaks. */
    static List<List<String>> records(String csv) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                continue;
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                out.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            out.add(record);
        }
        return out;
    }
}
