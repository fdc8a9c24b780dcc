package dev.iotlab.api.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.exceptions.FluxQueryException;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** InfluxDB 2 through influxdb-client-java; every failure becomes a client-facing message without exception text. */
@Singleton
public class InfluxGateway {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxGateway.class);
    /** Columns of a Flux record that are not tags (the original API's rule). */
    private static final Set<String> NOT_TAGS = Set.of("result", "table");

    private final ApiSettings settings;
    private final InfluxDBClient client;
    private final MeterRegistry metrics;

    public InfluxGateway(ApiSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(15, TimeUnit.SECONDS)
                .writeTimeout(15, TimeUnit.SECONDS);
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(settings.influx().url())
                .org(settings.influx().org())
                .bucket(settings.influx().bucket())
                .okHttpClient(http);
        if (!settings.influx().token().isEmpty()) {
            options.authenticateToken(settings.influx().token().toCharArray());
        }
        this.client = InfluxDBClientFactory.create(options.build());
    }

    public String url() {
        return settings.influx().url();
    }

    public String org() {
        return settings.influx().org();
    }

    public String bucket() {
        return settings.influx().bucket();
    }

    public void write(Point point) {
        try {
            client.getWriteApiBlocking().writePoint(settings.influx().bucket(), settings.influx().org(), point);
            metrics.counter("iotlab_influx_writes", "result", "ok").increment();
        } catch (RuntimeException e) {
            metrics.counter("iotlab_influx_writes", "result", "error").increment();
            throw translate(e, "write");
        }
    }

    /** Runs a Flux query and flattens its tables to the original {time, measurement, field, value, tags} rows. */
    public List<Map<String, Object>> query(String flux) {
        List<Map<String, Object>> rows = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicBoolean tooMany = new AtomicBoolean();
        int maxRows = settings.service().maxQueryRows();
        client.getQueryApi().query(flux, settings.influx().org(), (cancellable, record) -> {
            if (rows.size() >= maxRows) {
                tooMany.set(true);
                cancellable.cancel();
                done.complete(null);
                return;
            }
            rows.add(flatten(record));
        }, done::completeExceptionally, () -> done.complete(null));
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while waiting for InfluxDB");
        } catch (TimeoutException e) {
            throw ApiException.unavailable("InfluxDB did not answer the query within 30 s; narrow the time range "
                    + "(range(start: -1h)) or add |> limit(n: 100)");
        } catch (ExecutionException e) {
            metrics.counter("iotlab_influx_queries", "result", "error").increment();
            throw translate(e.getCause(), "query");
        }
        if (tooMany.get()) {
            throw ApiException.tooLarge("The query returned more than " + maxRows + " rows; narrow it, e.g. with "
                    + "range(start: -1h), a filter on _measurement or |> limit(n: 100)");
        }
        metrics.counter("iotlab_influx_queries", "result", "ok").increment();
        return rows;
    }

    static Map<String, Object> flatten(FluxRecord record) {
        Map<String, Object> row = new LinkedHashMap<>();
        Instant time = record.getTime();
        row.put("time", time == null ? null : isoformat(time));
        row.put("measurement", record.getMeasurement());
        row.put("field", record.getField());
        Object value = record.getValue();
        row.put("value", value instanceof Instant i ? isoformat(i) : value);
        Map<String, Object> tags = new LinkedHashMap<>();
        record.getValues().forEach((k, v) -> {
            if (!k.startsWith("_") && !NOT_TAGS.contains(k)) {
                tags.put(k, v instanceof Instant i ? isoformat(i) : v);
            }
        });
        row.put("tags", tags);
        return row;
    }

    /** Times as Python's datetime.isoformat() printed them, so scripts using datetime.fromisoformat keep working. */
    public static String isoformat(Instant instant) {
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        int micros = t.getNano() / 1000;
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        return micros == 0 ? base + "+00:00" : base + String.format(".%06d", micros) + "+00:00";
    }

    public List<String> bucketNames() {
        try {
            List<String> names = new ArrayList<>();
            for (Bucket b : client.getBucketsApi().findBuckets()) {
                names.add(b.getName());
            }
            return names;
        } catch (RuntimeException e) {
            throw translate(e, "bucket listing");
        }
    }

    /** What /health reports about the database: up, or down with the reason and what to check. */
    public record Health(boolean up, String detail) {
    }

    /**
     * Up when InfluxDB answers /ping and accepts the API's token for the configured org and bucket: /ping needs no
     * token, so a wrong INFLUXDB_TOKEN would otherwise look healthy while every database request fails.
     */
    public Health health() {
        try {
            if (!Boolean.TRUE.equals(client.ping())) {
                return new Health(false, "no answer to /ping");
            }
        } catch (RuntimeException e) {
            return new Health(false, "no answer to /ping");
        }
        try {
            Bucket bucket = client.getBucketsApi().findBucketByName(settings.influx().bucket());
            if (bucket == null) {
                return new Health(false, "bucket '" + settings.influx().bucket() + "' not found (check INFLUXDB_BUCKET "
                        + "and INFLUXDB_ORG)");
            }
            return new Health(true, null);
        } catch (InfluxException e) {
            if (e.status() == 401 || e.status() == 403) {
                return new Health(false, "InfluxDB refused the API's token (check INFLUXDB_TOKEN)");
            }
            return new Health(false, e.status() > 0 ? "bucket lookup failed with HTTP " + e.status()
                    : "no answer to the bucket lookup");
        } catch (RuntimeException e) {
            return new Health(false, "no answer to the bucket lookup");
        }
    }

    private ApiException translate(Throwable e, String what) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof FluxQueryException flux) {
            // an error InfluxDB reported inside a result it had already begun to stream (HTTP 200, error table):
            // the query's fault, as when the same error comes before the first byte as a 400
            return ApiException.badRequest("InfluxDB rejected the " + what + ": " + flux.getMessage());
        }
        if (e instanceof InfluxException ie && ie.status() > 0) {
            int status = ie.status();
            String detail = ie.getMessage() == null ? ""
                    : ": " + ie.getMessage().replaceFirst("^HTTP status code: \\d+; Message: ", "");
            if (status == 400 || status == 404 || status == 422) {
                return ApiException.badRequest("InfluxDB rejected the " + what + detail);
            }
            if (status == 401 || status == 403) {
                return ApiException.unavailable("InfluxDB refused the API's credentials for the " + what
                        + " (check INFLUXDB_TOKEN and INFLUXDB_ORG)");
            }
            if (status == 413) {
                return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "InfluxDB refused the " + what
                        + " as too large");
            }
            LOG.warn("InfluxDB {} failed with HTTP {}: {}", what, status, ie.getMessage());
            return ApiException.unavailable("InfluxDB at " + settings.influx().url() + " failed the " + what
                    + " (HTTP " + status + "); try again shortly");
        }
        LOG.warn("InfluxDB {} failed: {}", what, e.toString());
        return ApiException.unavailable("InfluxDB at " + settings.influx().url() + " is not reachable; "
                + "try again shortly");
    }

    static Point point(String measurement, Map<String, String> tags, Map<String, Object> fields, Long timeNanos) {
        Point p = Point.measurement(measurement).addTags(tags).addFields(fields);
        if (timeNanos != null) {
            p.time(timeNanos, WritePrecision.NS);
        }
        return p;
    }

    @PreDestroy
    public void close() {
        client.close();
    }
}
