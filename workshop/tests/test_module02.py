"""Module 2 MQTT basics. Real: Mosquitto (TCP and WebSocket), the simulator publishing the smart-home house."""


def test_publisher_qos1_reaches_a_subscriber(solution, lab):
    from iotlab_workshop import collect_messages, mqtt_connect
    pub = solution("module02", "publisher")
    watcher = mqtt_connect(lab)
    got = []
    watcher.on_message = lambda c, u, m: got.append(m.topic)
    watcher.subscribe("sensors/temperature/my-temp-01", 1)
    import time
    time.sleep(0.3)  # let SUBACK arrive before publishing (there is no retained message to wait for)
    sent = pub.publish_readings(lab, count=3, qos=1)
    deadline = time.monotonic() + 5
    while len(got) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    watcher.disconnect()
    assert len(sent) == 3 and got == ["sensors/temperature/my-temp-01"] * 3


def test_wildcard_subscriber_gets_the_simulators_three_level_topics(solution, lab, simulator):
    sub = solution("module02", "subscriber")
    msgs = sub.listen(lab, "sensors/+/+", count=15, timeout=20, on_reading=lambda s: None)
    assert len(msgs) == 15
    types = {t.split("/")[1] for t, _ in msgs}
    assert {"temperature", "humidity"} <= types, types
    temp = next(p for t, p in msgs if t.startswith("sensors/temperature/"))
    assert temp["unit"] == "celsius" and "location" in temp


def test_single_type_wildcard_over_websocket(solution, lab, simulator):
    sub = solution("module02", "subscriber")
    msgs = sub.listen(lab, "sensors/temperature/#", count=4, timeout=15, transport="websockets",
                      on_reading=lambda s: None)
    assert len(msgs) == 4 and all(t.startswith("sensors/temperature/") for t, _ in msgs)


def test_retained_message_reaches_a_late_subscriber(solution, lab):
    m = solution("module02", "retained_and_will")
    m.publish_retained(lab, "late hello")
    topic, payload, retained = m.late_subscriber_sees_retained(lab)
    assert payload["text"] == "late hello" and retained


def test_last_will_is_published_when_the_client_dies(solution, lab):
    m = solution("module02", "retained_and_will")
    m.crash_with_last_will(lab)
    assert m.current_status(lab) == "offline"
