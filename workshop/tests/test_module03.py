"""Module 3 time-series database. Real: influxd (written to with influxdb-client, queried with Flux), the simulator
writing its readings into it, Mosquitto. Scripts run from the command line."""
from student import hint, not_done_yet, ran, rules_ok, wrong_copy


def test_untouched_starters_say_what_is_missing(minilab):
    not_done_yet(minilab.script("exercises/module03/write_points.py"), "part 2")
    not_done_yet(minilab.script("exercises/module03/flux_queries.py"), "part 4a")
    not_done_yet(minilab.script("exercises/module03/mqtt_bridge.py", "--seconds", "1"), "part 5a")
    p = minilab.progress(3)
    hint(p, "m3.points", "0 of 10 points in workshop_readings")
    hint(p, "m3.queries", "Run python exercises/module03/flux_queries.py")
    hint(p, "m3.bridge", "0 device(s)")


def test_location_as_a_field_is_the_hint(minilab, tmp_path):
    wrong = wrong_copy(tmp_path, "module03/write_points.py",
                       ('.tag("location", "study")', '.field("location", "study")'))
    out = ran(minilab.script(wrong))
    assert "location=" not in out.split("wrote:")[1].split(" ")[0]   # the line protocol shows it: not in the key
    hint(minilab.progress(3), "m3.points", "You wrote location as a field. Make it a tag")


def test_one_table_for_all_devices_is_the_hint(minilab, simulator, tmp_path):
    wrong = wrong_copy(tmp_path, "module03/flux_queries.py", ("  |> mean()'''", "  |> group()\n  |> mean()'''"))
    ran(minilab.script(wrong), 1)
    hint(minilab.progress(3), "m3.queries", "returned 1 device(s)", "do not group()")


def test_reference_solutions_pass(minilab, simulator, influx):
    out = ran(minilab.script("solutions/module03/write_points.py"))
    assert "wrote: workshop_readings,device_id=my-temp-01,location=study,source=module03 value=21.5" in out
    out = ran(minilab.script("solutions/module03/flux_queries.py"))
    assert "'temp-003': ('kitchen'," in out
    out = ran(minilab.script("solutions/module03/mqtt_bridge.py", "--seconds", "5"))
    assert int(out.split()[0]) >= 20
    # the bridge's points really are in the bucket with the tags (read back from influxd directly)
    csv = influx.query(f'from(bucket: "iot-data") |> range(start: -1h) |> filter(fn: (r) => r._measurement == '
                       f'"bridge_readings" and r.device_id == "temp-001") |> last()')
    assert ",living-room," in csv and "mqtt-bridge" in csv
    rules_ok(minilab.progress(3), "m3.points", "m3.queries", "m3.bridge")
