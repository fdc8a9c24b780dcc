"""Module 2 MQTT basics. Real: Mosquitto (TCP, and WebSocket with TLS through the ingress), the simulator
publishing the smart-home house. Every script runs from the command line, as a student runs it."""
import threading

from iotlab_workshop import collect_messages, mqtt_connect
from student import hint, not_done_yet, ran, rules_ok, wrong_copy


def test_untouched_starters_say_what_is_missing(minilab):
    not_done_yet(minilab.script("exercises/module02/publisher.py", "--count", "1"), "part 2a")
    not_done_yet(minilab.script("exercises/module02/subscriber.py"), "part 3a")
    not_done_yet(minilab.script("exercises/module02/subscriber.py", "sensors/+/+", "--timeout", "2"), "part 3c")
    not_done_yet(minilab.script("exercises/module02/retained_and_will.py"), "part 4")
    p = minilab.progress(2)
    hint(p, "m2.subscriber", "Run python exercises/module02/subscriber.py")
    hint(p, "m2.retained", "publish it with retain=True")
    hint(p, "m2.will", "Nothing on workshop/module02/status")


def test_two_level_wildcard_is_the_hint(minilab, simulator, tmp_path):
    """The original platform's own mistake: sensors/+ matches sensors/temperature, never sensors/temperature/temp-001."""
    wrong = wrong_copy(tmp_path, "module02/subscriber.py", ('PATTERN = "sensors/+/+"', 'PATTERN = "sensors/+"'))
    out = ran(minilab.script(wrong, "--timeout", "4"), 1)
    assert "0 message(s)" in out
    hint(minilab.progress(2), "m2.subscriber", "(pattern sensors/+) received no sensor readings",
         "subscribe to sensors/+/+")


def test_a_clean_disconnect_is_the_hint_for_the_will(minilab, tmp_path):
    wrong = wrong_copy(tmp_path, "module02/retained_and_will.py",
                       ("    client.loop_stop()\n    client.socket().close()", "    client.disconnect()\n    client.loop_stop()"))
    ran(minilab.script(wrong), 1)
    hint(minilab.progress(2), "m2.will", 'says "online"', "disconnect() cancels the will")


def test_publisher_qos1_reaches_a_subscriber(minilab, lab):
    watcher = mqtt_connect(lab)
    result = {}
    got = collect_messages(watcher, "sensors/temperature/my-temp-01", lambda m: len(m) >= 3, timeout=20,
                           qos=1, then=lambda: threading.Thread(target=lambda: result.setdefault("run", minilab.script(
                               "solutions/module02/publisher.py", "--count", "3")), daemon=True).start())
    watcher.disconnect()
    assert len(got) == 3 and all(p["unit"] == "celsius" for _, p, _ in got), got


def test_single_type_wildcard_over_websocket_with_tls(minilab, simulator):
    out = ran(minilab.script("solutions/module02/subscriber.py", "sensors/temperature/#", "--count", "4",
                             "--websocket"))
    assert out.count("sensors/temperature/") >= 4 and "sensors/humidity/" not in out
    hint(minilab.progress(2), "m2.subscriber", "sensor topic(s) of 1 type(s)")


def test_reference_solutions_pass(minilab, simulator):
    ran(minilab.script("solutions/module02/publisher.py", "--count", "2"))
    out = ran(minilab.script("solutions/module02/subscriber.py"))
    assert "sensors/humidity/" in out and "sensors/temperature/" in out
    out = ran(minilab.script("solutions/module02/retained_and_will.py"))
    assert "late subscriber got: ('workshop/module02/retained'" in out and "after the crash: offline" in out
    rules_ok(minilab.progress(2), "m2.subscriber", "m2.retained", "m2.will")
